// TcpStream, the plain-TCP stream under every client connection and every
// http:// upstream connection, against Qt sockets on the same event loop.
#include "net/TcpStream.h"

#include "EventLoopWait.h"

#include <gtest/gtest.h>

#include <QTcpServer>
#include <QTcpSocket>
#include <optional>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

namespace gatehouse {
namespace {

// A stream that records what it reports and reads everything it is offered.
struct Recorder final : ByteStreamEvents {
    TcpStream stream{this};
    int connects = 0;
    QByteArray received;
    std::optional<StreamEnd> end;
    int ends = 0;
    bool insideRead = false;
    bool endedInsideRead = false;

    void streamConnected() override { ++connects; }
    void streamReadable() override {
        char chunk[4096];
        qint64 n = 0;
        insideRead = true;
        while ((n = stream.read(chunk, sizeof chunk)) > 0) received.append(chunk, n);
        insideRead = false;
    }
    void streamEnded(const StreamEnd &why) override {
        if (insideRead) endedInsideRead = true;
        end = why;
        ++ends;
    }
};

// A listening QTcpServer on 127.0.0.1 whose accepted peer is kept.
struct Peer {
    QTcpServer server;
    QTcpSocket *socket = nullptr;

    Peer() {
        server.listen(QHostAddress::LocalHost);
        QObject::connect(&server, &QTcpServer::newConnection,
                         [this] { socket = server.nextPendingConnection(); });
    }
    bool accepted() {
        return runEventsUntil([this] { return socket != nullptr; });
    }
};

quint16 closedPort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();  // free again once `probe` is gone
}

TEST(TcpStream, ConnectsByNameTryingEachAddressAndCarriesBytesBothWays) {
    Peer peer;
    Recorder rec;
    TcpStream &stream = rec.stream;
    // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only.
    stream.connectTo(QStringLiteral("localhost"), peer.server.serverPort());
    ASSERT_TRUE(runEventsUntil([&] { return rec.connects == 1 || rec.ends > 0; }));
    ASSERT_EQ(rec.connects, 1) << (rec.end ? rec.end->message.toStdString() : "");
    ASSERT_TRUE(peer.accepted());

    stream.write(QByteArrayLiteral("hello upstream"));
    ASSERT_TRUE(runEventsUntil([&] { return peer.socket->bytesAvailable() >= 14; }));
    EXPECT_EQ(peer.socket->readAll(), QByteArrayLiteral("hello upstream"));

    peer.socket->write("hello gateway");
    ASSERT_TRUE(runEventsUntil([&] { return rec.received.size() >= 13; }));
    EXPECT_EQ(rec.received, QByteArrayLiteral("hello gateway"));
    EXPECT_EQ(rec.ends, 0);
}

TEST(TcpStream, RefusedConnectionEndsWithTheReason) {
    Recorder rec;
    TcpStream &stream = rec.stream;
    stream.connectTo(QStringLiteral("127.0.0.1"), closedPort());
    ASSERT_TRUE(runEventsUntil([&] { return rec.ends > 0; }));
    EXPECT_EQ(rec.connects, 0);
    EXPECT_EQ(rec.end->kind, StreamEnd::Kind::ConnectFailed);
    EXPECT_EQ(rec.end->message, QStringLiteral("Connection refused"));
}

TEST(TcpStream, UnknownHostEndsAsAConnectFailure) {
    Recorder rec;
    TcpStream &stream = rec.stream;
    stream.connectTo(QStringLiteral("no-such-host.invalid"), 80);
    ASSERT_TRUE(runEventsUntil([&] { return rec.ends > 0; }, 15000));
    EXPECT_EQ(rec.end->kind, StreamEnd::Kind::ConnectFailed);
    EXPECT_FALSE(rec.end->message.isEmpty());
}

TEST(TcpStream, PeerCloseIsReportedAfterTheLastBytesAndNeverInsideRead) {
    Peer peer;
    Recorder rec;
    TcpStream &stream = rec.stream;
    stream.connectTo(QStringLiteral("127.0.0.1"), peer.server.serverPort());
    ASSERT_TRUE(peer.accepted());
    peer.socket->write("last words");
    peer.socket->disconnectFromHost();
    ASSERT_TRUE(runEventsUntil([&] { return rec.ends > 0; }));
    EXPECT_EQ(rec.received, QByteArrayLiteral("last words"));
    EXPECT_EQ(rec.end->kind, StreamEnd::Kind::ClosedByPeer);
    EXPECT_FALSE(rec.endedInsideRead);
    EXPECT_FALSE(stream.isOpen());
}

// More than the kernel takes at once: the rest is queued, sent as the peer
// reads, in order, and the orderly close waits for the last byte.
TEST(TcpStream, BigWritesToASlowReaderArriveWholeBeforeTheClose) {
    Peer peer;
    Recorder rec;
    TcpStream &stream = rec.stream;
    stream.connectTo(QStringLiteral("127.0.0.1"), peer.server.serverPort());
    ASSERT_TRUE(runEventsUntil([&] { return rec.connects == 1; }));
    ASSERT_TRUE(peer.accepted());
    peer.socket->setReadBufferSize(64 * 1024);  // Qt stops reading when full: a slow reader

    QByteArray sent;
    for (int i = 0; i < 4; ++i) {
        QByteArray piece(4 * 1024 * 1024, char('a' + i));
        stream.write(piece);
        sent += piece;
    }
    EXPECT_GT(stream.bytesToWrite(), 0);
    EXPECT_FALSE(stream.closeAfterWriting());  // not yet: bytes are queued

    QByteArray got;
    QObject::connect(peer.socket, &QTcpSocket::readyRead, [&] { got += peer.socket->readAll(); });
    ASSERT_TRUE(runEventsUntil([&] { return rec.ends > 0; }, 20000));
    EXPECT_EQ(rec.end->kind, StreamEnd::Kind::ClosedHere);
    ASSERT_TRUE(runEventsUntil([&] {
        got += peer.socket->readAll();
        return peer.socket->state() == QAbstractSocket::UnconnectedState;
    }));
    got += peer.socket->readAll();
    EXPECT_EQ(got.size(), sent.size());
    EXPECT_TRUE(got == sent);
}

TEST(TcpStream, AdoptedSocketKnowsItsPeerAndAResetReachesIt) {
    Peer peer;
    // A plain blocking client: it sees a reset as ECONNRESET.
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(peer.server.serverPort());
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr *>(&to), sizeof to), 0);
    sockaddr_in local{};
    socklen_t length = sizeof local;
    ::getsockname(client, reinterpret_cast<sockaddr *>(&local), &length);
    ASSERT_TRUE(peer.accepted());

    Recorder rec;
    TcpStream &stream = rec.stream;
    const int fd = ::dup(int(peer.socket->socketDescriptor()));
    peer.socket->abort();  // the duplicate keeps the connection open
    QString error;
    ASSERT_TRUE(stream.adopt(fd, &error)) << error.toStdString();
    EXPECT_EQ(stream.peerAddressText(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(stream.peerPort(), ntohs(local.sin_port));

    ASSERT_EQ(::send(client, "request", 7, 0), 7);
    ASSERT_TRUE(runEventsUntil([&] { return rec.received == "request"; }));
    stream.abort(true);
    char byte;
    EXPECT_EQ(::recv(client, &byte, 1, 0), -1);
    EXPECT_EQ(errno, ECONNRESET);
    ::close(client);
    runEventsFor(20);
    EXPECT_EQ(rec.ends, 0);  // abort() tells nobody
}

}  // namespace
}  // namespace gatehouse
