// The kernel's word on who is calling: real sockets in this process, so the
// answer must be this process's own uid.
#include "net/PeerIdentity.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

using namespace gatehouse;

namespace {

// A listening socket, a client connected to it and the accepted end.
struct LoopbackPair {
    int listener = -1, client = -1, accepted = -1;
    ~LoopbackPair() {
        for (int fd : {listener, client, accepted})
            if (fd >= 0) ::close(fd);
    }
};

// Listens on `listenAt` (port 0) and connects from a socket of `clientFamily`
// to `connectTo`; false when this machine lacks that address (no IPv6).
bool connectPair(int listenFamily, const char *listenAt, int clientFamily, const char *connectTo,
                 LoopbackPair *pair) {
    sockaddr_storage address{};
    socklen_t length = 0;
    auto fill = [&](int family, const char *text, uint16_t portNetworkOrder) {
        address = {};
        if (family == AF_INET) {
            auto *a = reinterpret_cast<sockaddr_in *>(&address);
            a->sin_family = AF_INET;
            a->sin_port = portNetworkOrder;
            inet_pton(AF_INET, text, &a->sin_addr);
            length = sizeof(sockaddr_in);
        } else {
            auto *a = reinterpret_cast<sockaddr_in6 *>(&address);
            a->sin6_family = AF_INET6;
            a->sin6_port = portNetworkOrder;
            inet_pton(AF_INET6, text, &a->sin6_addr);
            length = sizeof(sockaddr_in6);
        }
    };
    pair->listener = ::socket(listenFamily, SOCK_STREAM, 0);
    if (listenFamily == AF_INET6) {
        const int off = 0;  // dual stack, so IPv4 clients arrive v4-mapped
        ::setsockopt(pair->listener, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    }
    fill(listenFamily, listenAt, 0);
    if (::bind(pair->listener, reinterpret_cast<sockaddr *>(&address), length) != 0) return false;
    ::listen(pair->listener, 4);
    ::getsockname(pair->listener, reinterpret_cast<sockaddr *>(&address), &length);
    const uint16_t port = listenFamily == AF_INET
                              ? reinterpret_cast<sockaddr_in *>(&address)->sin_port
                              : reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port;
    pair->client = ::socket(clientFamily, SOCK_STREAM, 0);
    fill(clientFamily, connectTo, port);
    if (::connect(pair->client, reinterpret_cast<sockaddr *>(&address), length) != 0) return false;
    pair->accepted = ::accept(pair->listener, nullptr, nullptr);
    return pair->accepted >= 0;
}

}  // namespace

TEST(PeerIdentityTest, ALoopbackClientInThisProcessIsThisUser) {
    LoopbackPair pair;
    ASSERT_TRUE(connectPair(AF_INET, "127.0.0.1", AF_INET, "127.0.0.1", &pair));
    PeerIdentityLookup lookup;
    const PeerIdentity who = lookup.identify(pair.accepted);
    ASSERT_EQ(who.kind, PeerIdentity::Kind::Local);
    EXPECT_EQ(who.uid, ::geteuid());
    // The netlink socket is kept: a second lookup on it works the same.
    EXPECT_EQ(lookup.identify(pair.accepted).kind, PeerIdentity::Kind::Local);
}

// The descriptors this process holds right now.
int openDescriptors() {
    int count = 0;
    for (int fd = 0; fd < 4096; ++fd)
        if (::fcntl(fd, F_GETFD) != -1) ++count;
    return count;
}

// A worker prepares its lookup when it starts: its first connection opens no
// descriptor, so a worker's descriptors do not depend on whether it has
// accepted one yet.
TEST(PeerIdentityTest, PreparedLookupOpensNothingOnItsFirstConnection) {
    LoopbackPair pair;
    ASSERT_TRUE(connectPair(AF_INET, "127.0.0.1", AF_INET, "127.0.0.1", &pair));
    PeerIdentityLookup lookup;
    const int before = openDescriptors();
    lookup.prepare();
    EXPECT_EQ(openDescriptors(), before + 1);  // the netlink socket
    const int prepared = openDescriptors();
    EXPECT_EQ(lookup.identify(pair.accepted).kind, PeerIdentity::Kind::Local);
    EXPECT_EQ(openDescriptors(), prepared);
    lookup.prepare();  // a second call keeps the one socket
    EXPECT_EQ(openDescriptors(), prepared);
}

TEST(PeerIdentityTest, IPv6LoopbackAndV4MappedClientsAreFound) {
    PeerIdentityLookup lookup;
    {
        LoopbackPair pair;
        if (!connectPair(AF_INET6, "::1", AF_INET6, "::1", &pair))
            GTEST_SKIP() << "no IPv6 loopback on this machine";
        const PeerIdentity who = lookup.identify(pair.accepted);
        ASSERT_EQ(who.kind, PeerIdentity::Kind::Local);
        EXPECT_EQ(who.uid, ::geteuid());
    }
    LoopbackPair mapped;  // an IPv4 client of a dual-stack listener
    ASSERT_TRUE(connectPair(AF_INET6, "::", AF_INET, "127.0.0.1", &mapped));
    const PeerIdentity who = lookup.identify(mapped.accepted);
    ASSERT_EQ(who.kind, PeerIdentity::Kind::Local);
    EXPECT_EQ(who.uid, ::geteuid());
}

TEST(PeerIdentityTest, AFourTupleWithNoSocketFailsClosed) {
    LoopbackPair pair;
    ASSERT_TRUE(connectPair(AF_INET, "127.0.0.1", AF_INET, "127.0.0.1", &pair));
    sockaddr_in peer{}, local{};
    socklen_t length = sizeof peer;
    ::getpeername(pair.accepted, reinterpret_cast<sockaddr *>(&peer), &length);
    ::getsockname(pair.accepted, reinterpret_cast<sockaddr *>(&local), &length);
    // A port nobody connects from: no socket, so nobody to vouch for (and
    // not the listener the kernel would fall back to).
    peer.sin_port = htons(ntohs(peer.sin_port) == 1 ? 2 : 1);
    PeerIdentityLookup lookup;
    EXPECT_EQ(
        lookup.tcpPeer(reinterpret_cast<sockaddr *>(&peer), reinterpret_cast<sockaddr *>(&local))
            .kind,
        PeerIdentity::Kind::Unknown);
    // The listener itself, asked about as a peer, is not a connected client.
    sockaddr_in listener{};
    ::getsockname(pair.listener, reinterpret_cast<sockaddr *>(&listener), &length);
    EXPECT_EQ(
        lookup.tcpPeer(reinterpret_cast<sockaddr *>(&listener), reinterpret_cast<sockaddr *>(&peer))
            .kind,
        PeerIdentity::Kind::Unknown);
}

TEST(PeerIdentityTest, ARemoteAddressIsNotLookedUp) {
    sockaddr_in peer{}, local{};
    peer.sin_family = local.sin_family = AF_INET;
    inet_pton(AF_INET, "192.0.2.7", &peer.sin_addr);
    inet_pton(AF_INET, "192.0.2.1", &local.sin_addr);
    peer.sin_port = htons(40000);
    local.sin_port = htons(8080);
    PeerIdentityLookup lookup;
    EXPECT_EQ(
        lookup.tcpPeer(reinterpret_cast<sockaddr *>(&peer), reinterpret_cast<sockaddr *>(&local))
            .kind,
        PeerIdentity::Kind::Remote);
}

TEST(PeerIdentityTest, AUnixSocketPeerIsThisUser) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    PeerIdentityLookup lookup;
    const PeerIdentity who = lookup.identify(fds[0]);
    ::close(fds[0]);
    ::close(fds[1]);
    ASSERT_EQ(who.kind, PeerIdentity::Kind::Local);
    EXPECT_EQ(who.uid, ::geteuid());
}

// What one lookup costs, for tests/bench/trust.sh (disabled in the suite:
// a timing, not a check). Prints "lookup: X us, of which addresses: Y us".
TEST(PeerIdentityTest, DISABLED_LookupCost) {
    LoopbackPair pair;
    ASSERT_TRUE(connectPair(AF_INET, "127.0.0.1", AF_INET, "127.0.0.1", &pair));
    PeerIdentityLookup lookup;
    constexpr int kCalls = 100000;
    for (int i = 0; i < 1000; ++i) lookup.identify(pair.accepted);  // warm
    auto perCall = [](auto &&call) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kCalls; ++i) call();
        return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                   .count() /
               kCalls;
    };
    const double lookupUs = perCall([&] { ASSERT_TRUE(lookup.identify(pair.accepted).isLocal()); });
    // The two calls that say which addresses to ask about.
    const double addressesUs = perCall([&] {
        sockaddr_storage a{};
        socklen_t length = sizeof a;
        ::getpeername(pair.accepted, reinterpret_cast<sockaddr *>(&a), &length);
        length = sizeof a;
        ::getsockname(pair.accepted, reinterpret_cast<sockaddr *>(&a), &length);
    });
    std::printf("lookup: %.2f us, of which addresses: %.2f us\n", lookupUs, addressesUs);
}
