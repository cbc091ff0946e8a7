#pragma once

#include "config/GatewayConfig.h"
#include "net/PeerIdentity.h"

namespace gatehouse {

// Whose connections use the gateway without the API token (client.local_trust):
// with "owner", only those the kernel says come from the user running the
// gateway (and root's, with local_trust_root); with "any", every one.
// Immutable; shared by all workers.
class LocalTrust {
public:
    LocalTrust(ClientConfig::LocalTrust mode, bool rootIsOwner, uid_t ownerUid);
    // The policy for the user running this process.
    static LocalTrust forThisProcess(const ClientConfig &client);

    // Whether connections must be looked up at all (not with "any").
    bool needsPeerIdentity() const { return mode_ == ClientConfig::LocalTrust::Owner; }
    bool admitsWithoutToken(const PeerIdentity &peer) const;
    uid_t ownerUid() const { return owner_; }
    ClientConfig::LocalTrust mode() const { return mode_; }
    bool rootIsOwner() const { return rootIsOwner_; }

private:
    ClientConfig::LocalTrust mode_;
    bool rootIsOwner_;
    uid_t owner_;
};

}  // namespace gatehouse
