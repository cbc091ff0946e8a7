#pragma once

#include <sys/socket.h>
#include <sys/types.h>

namespace gatehouse {

// Who is at the other end of an accepted client connection, as the kernel
// says: a process of this machine and its user id, or someone else. Learnt
// once per connection (PeerIdentityLookup) and kept on it, never by address
// or port: another user may later connect from the same address and port,
// and that is a new connection, looked up anew.
struct PeerIdentity {
    enum class Kind : unsigned char {
        Unknown,  // not looked up, or the lookup failed: trust nothing
        Remote,   // another machine
        Local,    // a process on this machine, run by `uid`
    };
    Kind kind = Kind::Unknown;
    uid_t uid = 0;  // Local only

    static PeerIdentity local(uid_t uid) { return {Kind::Local, uid}; }
    static PeerIdentity remote() { return {Kind::Remote, 0}; }
    bool isLocal() const { return kind == Kind::Local; }
};

// Asks the kernel who owns the other end of a connection:
//   - a Unix domain socket: SO_PEERCRED;
//   - TCP from this machine (loopback, or from the address it reached):
//     a NETLINK_SOCK_DIAG query for the peer's own socket, the one whose
//     source is our destination (its inet_diag_msg carries the uid that
//     created it);
//   - TCP from any other address: Remote, without asking.
// One per worker thread: the netlink socket is opened by prepare() when the
// worker starts (or on first use) and kept, so a worker holds the same
// descriptors from its start on, whichever connections it happens to accept.
// Any failure answers Unknown (fail closed); the first one is logged.
class PeerIdentityLookup {
public:
    PeerIdentityLookup() = default;
    ~PeerIdentityLookup();
    PeerIdentityLookup(const PeerIdentityLookup &) = delete;
    PeerIdentityLookup &operator=(const PeerIdentityLookup &) = delete;

    // Opens what lookups need now rather than on the first connection.
    void prepare() { openDiagSocket(); }
    // For an accepted socket.
    PeerIdentity identify(int fd);
    // The TCP socket at `peer` connected to `local` (both AF_INET or
    // AF_INET6, as getpeername()/getsockname() give them), from the peer's
    // side. Unknown when there is no such socket.
    PeerIdentity tcpPeer(const sockaddr *peer, const sockaddr *local);

private:
    bool openDiagSocket();

    int diagFd_ = -1;
    bool diagUnavailable_ = false;  // socket() failed once: do not retry per connection
    unsigned sequence_ = 0;
};

}  // namespace gatehouse
