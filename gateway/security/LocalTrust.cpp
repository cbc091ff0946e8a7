#include "LocalTrust.h"

#include <unistd.h>

namespace gatehouse {

LocalTrust::LocalTrust(ClientConfig::LocalTrust mode, bool rootIsOwner, uid_t ownerUid)
    : mode_(mode), rootIsOwner_(rootIsOwner), owner_(ownerUid) {}

LocalTrust LocalTrust::forThisProcess(const ClientConfig &client) {
    return LocalTrust(client.localTrust, client.localTrustRoot, ::geteuid());
}

bool LocalTrust::admitsWithoutToken(const PeerIdentity &peer) const {
    if (mode_ == ClientConfig::LocalTrust::Any) return true;
    if (!peer.isLocal()) return false;  // another machine, or nobody the kernel vouched for
    return peer.uid == owner_ || (rootIsOwner_ && peer.uid == 0);
}

}  // namespace gatehouse
