#include "PeerIdentity.h"

#include <QtGlobal>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#endif

namespace gatehouse {

namespace {

// Said once per process: a failing lookup fails every connection the same way.
void warnOnce(const char *what, int error) {
    static std::atomic<bool> said{false};
    if (said.exchange(true)) return;
    qWarning(
        "gatehouse: warning: cannot learn which user a connection comes from (%s: %s); "
        "such connections are treated as another user's and need the API token (the Unix "
        "socket still knows its users; client.local_trust \"any\" turns the check off)",
        what, error ? std::strerror(error) : "no answer");
}

// An address and port, IPv4-mapped IPv6 addresses as the IPv4 ones they are
// (the kernel keeps the peer's socket under the IPv4 address).
struct Endpoint {
    int family = AF_UNSPEC;
    unsigned char address[16] = {};
    quint16 portNetworkOrder = 0;

    int addressSize() const { return family == AF_INET ? 4 : 16; }
    bool isLoopback() const {
        if (family == AF_INET) return address[0] == 127;
        static const unsigned char v6Loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                     0, 0, 0, 0, 0, 0, 0, 1};
        return std::memcmp(address, v6Loopback, 16) == 0;
    }
    bool sameAddress(const Endpoint &o) const {
        return family == o.family && std::memcmp(address, o.address, size_t(addressSize())) == 0;
    }
};

bool endpointOf(const sockaddr *a, Endpoint *out) {
    if (a->sa_family == AF_INET) {
        const auto *in4 = reinterpret_cast<const sockaddr_in *>(a);
        out->family = AF_INET;
        std::memcpy(out->address, &in4->sin_addr, 4);
        out->portNetworkOrder = in4->sin_port;
        return true;
    }
    if (a->sa_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(a);
        out->portNetworkOrder = in6->sin6_port;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            out->family = AF_INET;
            std::memcpy(out->address, in6->sin6_addr.s6_addr + 12, 4);
        } else {
            out->family = AF_INET6;
            std::memcpy(out->address, &in6->sin6_addr, 16);
        }
        return true;
    }
    return false;
}

#ifdef __linux__
// The states a client's socket can be in while the connection we accepted
// is open. TIME_WAIT and request sockets carry no owner (the kernel reports
// uid 0 for them), and a LISTEN answer would be the kernel's fallback to a
// listener on that port, not the peer: never believed.
bool isConnectedState(unsigned char state) {
    enum : unsigned char {
        Established = 1,
        FinWait1 = 4,
        FinWait2 = 5,
        CloseWait = 8,
        LastAck = 9,
        Closing = 11,
    };
    switch (state) {
        case Established:
        case FinWait1:
        case FinWait2:
        case CloseWait:
        case LastAck:
        case Closing:
            return true;
        default:
            return false;
    }
}
#endif

}  // namespace

PeerIdentityLookup::~PeerIdentityLookup() {
    if (diagFd_ >= 0) ::close(diagFd_);
}

PeerIdentity PeerIdentityLookup::identify(int fd) {
    sockaddr_storage peer{}, local{};
    socklen_t peerLength = sizeof peer, localLength = sizeof local;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &localLength) != 0)
        return {};  // the client is already gone
    if (peer.ss_family == AF_UNIX) {
#ifdef SO_PEERCRED
        ucred credentials{};
        socklen_t length = sizeof credentials;
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0)
            return PeerIdentity::local(credentials.uid);
        warnOnce("SO_PEERCRED", errno);
#else
        warnOnce("SO_PEERCRED is not available on this system", 0);
#endif
        return {};
    }
    return tcpPeer(reinterpret_cast<const sockaddr *>(&peer),
                   reinterpret_cast<const sockaddr *>(&local));
}

bool PeerIdentityLookup::openDiagSocket() {
#ifdef __linux__
    if (diagFd_ >= 0) return true;
    if (diagUnavailable_) return false;
    diagFd_ = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (diagFd_ < 0) {
        diagUnavailable_ = true;
        warnOnce("netlink sock_diag socket", errno);
        return false;
    }
    return true;
#else
    return false;
#endif
}

PeerIdentity PeerIdentityLookup::tcpPeer(const sockaddr *peerAddress,
                                         const sockaddr *localAddress) {
    Endpoint peer, local;
    if (!endpointOf(peerAddress, &peer) || !endpointOf(localAddress, &local) ||
        peer.family != local.family)
        return {};
    // Another machine has no socket here to ask about. A process of this
    // one reaches us over loopback, or from the address it connected to.
    if (!peer.isLoopback() && !peer.sameAddress(local)) return PeerIdentity::remote();
#ifdef __linux__
    if (!openDiagSocket()) return {};
    struct {
        nlmsghdr header;
        inet_diag_req_v2 body;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.header.nlmsg_seq = ++sequence_;
    request.body.sdiag_family = quint8(peer.family);
    request.body.sdiag_protocol = IPPROTO_TCP;
    request.body.idiag_states = ~0u;
    // From the peer's side: its source is our destination.
    request.body.id.idiag_sport = peer.portNetworkOrder;
    request.body.id.idiag_dport = local.portNetworkOrder;
    std::memcpy(request.body.id.idiag_src, peer.address, size_t(peer.addressSize()));
    std::memcpy(request.body.id.idiag_dst, local.address, size_t(local.addressSize()));
    request.body.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    request.body.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(diagFd_, &request, sizeof request, 0, reinterpret_cast<sockaddr *>(&kernel),
                 sizeof kernel) != ssize_t(sizeof request)) {
        warnOnce("netlink sock_diag request", errno);
        return {};
    }
    // The kernel answers within sendto(): the reply is already queued, so
    // the read never waits. Answers to an earlier request that was given up
    // (another sequence number) are skipped.
    alignas(nlmsghdr) char buffer[8192];
    for (;;) {
        const ssize_t n = ::recv(diagFd_, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            warnOnce("netlink sock_diag answer", n < 0 ? errno : 0);
            return {};
        }
        int left = int(n);
        for (auto *m = reinterpret_cast<nlmsghdr *>(buffer); NLMSG_OK(m, left);
             m = NLMSG_NEXT(m, left)) {
            if (m->nlmsg_seq != sequence_) continue;
            // No such socket (ENOENT): the client is gone, or in another
            // network namespace. Nobody we can vouch for.
            if (m->nlmsg_type == NLMSG_ERROR || m->nlmsg_type == NLMSG_DONE) return {};
            if (m->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
                m->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
                return {};
            const auto *msg = static_cast<const inet_diag_msg *>(NLMSG_DATA(m));
            // Only the exact socket asked about counts.
            const bool same =
                msg->idiag_family == peer.family && msg->id.idiag_sport == peer.portNetworkOrder &&
                msg->id.idiag_dport == local.portNetworkOrder &&
                std::memcmp(msg->id.idiag_src, peer.address, size_t(peer.addressSize())) == 0 &&
                std::memcmp(msg->id.idiag_dst, local.address, size_t(local.addressSize())) == 0;
            if (!same || !isConnectedState(msg->idiag_state)) return {};
            return PeerIdentity::local(msg->idiag_uid);
        }
    }
#else
    warnOnce("only Linux can say", 0);
    return {};
#endif
}

}  // namespace gatehouse
