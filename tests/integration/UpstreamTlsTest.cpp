// UpstreamClient over https://, the path every hosted provider takes: a TLS
// server on this thread's event loop with a certificate the test trusts.
#include "upstream/UpstreamClient.h"
#include "upstream/WholeAnswer.h"

#include "EventLoopWait.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <optional>

namespace gatehouse {
namespace {

QByteArray readFile(const QString &name) {
    QFile f(QStringLiteral(QT_TESTCASE_SOURCEDIR "/support/tls/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Answers every request on a connection with `answer` once the request's
// head has arrived; with `closeAfter`, closes the connection after it.
class TlsServer {
public:
    TlsServer(QByteArray answer, bool closeAfter)
        : answer_(std::move(answer)), closeAfter_(closeAfter) {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(readFile(QStringLiteral("localhost.pem"))));
        config.setPrivateKey(QSslKey(readFile(QStringLiteral("localhost.key")), QSsl::Rsa));
        server_.setSslConfiguration(config);
        QObject::connect(&server_, &QSslServer::pendingConnectionAvailable, [this] {
            while (auto *socket = server_.nextPendingConnection()) {
                ++connections;
                serve(socket);
            }
        });
        server_.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return server_.serverPort(); }
    QByteArray received;
    int connections = 0;

private:
    void serve(QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            received += socket->readAll();
            if (!received.contains("\r\n\r\n")) return;
            socket->write(answer_);
            if (closeAfter_) socket->disconnectFromHost();
        });
    }

    QSslServer server_;
    QByteArray answer_;
    bool closeAfter_;
};

// Trusts the test certificate for the sockets made while it lives.
class TrustTestCertificate {
public:
    TrustTestCertificate() : saved_(QSslConfiguration::defaultConfiguration()) {
        QSslConfiguration config = saved_;
        config.addCaCertificate(QSslCertificate(readFile(QStringLiteral("localhost.pem"))));
        QSslConfiguration::setDefaultConfiguration(config);
    }
    ~TrustTestCertificate() { QSslConfiguration::setDefaultConfiguration(saved_); }

private:
    QSslConfiguration saved_;
};

struct Outcome {
    int status = 0;
    QByteArray body;
    bool done = false;
    std::optional<UpstreamError> error;
};

std::shared_ptr<Outcome> call(UpstreamClient &client, quint16 port, const QString &host) {
    auto outcome = std::make_shared<Outcome>();
    UpstreamRequest request;
    request.url = QUrl(QStringLiteral("https://%1:%2/v1/chat/completions").arg(host).arg(port));
    request.body = R"({"model":"m","messages":[]})";
    fetchWhole(client, std::move(request), 1024 * 1024, [outcome](const WholeAnswer &answer) {
        outcome->status = answer.status;
        outcome->body = answer.body;
        if (answer.failed)
            outcome->error = answer.error;
        else
            outcome->done = true;
    });
    return outcome;
}

TEST(UpstreamTls, ResponsesArriveOverTlsAndTheConnectionIsReused) {
    if (!QSslSocket::supportsSsl()) GTEST_SKIP() << "no TLS backend";
    TrustTestCertificate trust;
    TlsServer server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false);
    UpstreamClient client;
    for (int i = 0; i < 3; ++i) {
        auto outcome = call(client, server.port(), QStringLiteral("localhost"));
        ASSERT_TRUE(runEventsUntil([&] { return outcome->done || outcome->error; }, 10000));
        ASSERT_FALSE(outcome->error) << outcome->error->message.toStdString();
        EXPECT_EQ(outcome->status, 200);
        EXPECT_EQ(outcome->body, "hello");
    }
    EXPECT_EQ(server.received.count("POST /v1/chat/completions HTTP/1.1"), 3);
    EXPECT_EQ(server.connections, 1);
    EXPECT_TRUE(server.received.contains(R"({"model":"m","messages":[]})"));
}

TEST(UpstreamTls, BodyWithoutLengthEndsWhenTheServerCloses) {
    if (!QSslSocket::supportsSsl()) GTEST_SKIP() << "no TLS backend";
    TrustTestCertificate trust;
    TlsServer server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", true);
    UpstreamClient client;
    auto outcome = call(client, server.port(), QStringLiteral("localhost"));
    ASSERT_TRUE(runEventsUntil([&] { return outcome->done || outcome->error; }, 10000));
    ASSERT_FALSE(outcome->error) << outcome->error->message.toStdString();
    EXPECT_EQ(outcome->body, "until the end");
}

TEST(UpstreamTls, UntrustedCertificateIsAConnectFailureThatSaysWhy) {
    if (!QSslSocket::supportsSsl()) GTEST_SKIP() << "no TLS backend";
    TlsServer server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false);
    UpstreamClient client;
    auto outcome = call(client, server.port(), QStringLiteral("localhost"));
    ASSERT_TRUE(runEventsUntil([&] { return outcome->done || outcome->error; }, 10000));
    ASSERT_TRUE(outcome->error);
    EXPECT_EQ(outcome->error->kind, UpstreamError::Kind::ConnectFailed);
    EXPECT_TRUE(
        outcome->error->message.contains(QStringLiteral("certificate"), Qt::CaseInsensitive))
        << outcome->error->message.toStdString();
    EXPECT_FALSE(server.received.contains("POST"));  // nothing was sent in clear or otherwise
}

}  // namespace
}  // namespace gatehouse
