// UpstreamClient against FakeUpstream and scripted raw servers. The client
// runs on the test thread's event loop; the servers run on their own threads.
#include "upstream/UpstreamClient.h"
#include "upstream/WholeAnswer.h"

#include "EventLoopWait.h"
#include "FakeUpstream.h"
#include "ScriptedTcpServer.h"
#include "SseEvents.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>
#include <functional>
#include <optional>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse {
namespace {

// Everything the callbacks reported for one call.
struct CallResult {
    int heads = 0;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    QList<qint64> dataAtMs;  // when each piece of body arrived
    qint64 doneAtMs = -1;
    int dones = 0;
    std::optional<UpstreamError> error;
    int errors = 0;
    QElapsedTimer clock;

    bool finished() const { return dones + errors > 0; }
    int callbacks() const { return heads + int(dataAtMs.size()) + dones + errors; }
};

// Records every callback into its CallResult.
class RecordingListener : public UpstreamListener {
public:
    explicit RecordingListener(std::shared_ptr<CallResult> result) : result_(std::move(result)) {}
    void onUpstreamHead(int status, const HttpHeaders &headers) override {
        ++result_->heads;
        result_->status = status;
        result_->headers = headers;
    }
    void onUpstreamData(const QByteArray &data) override {
        result_->body += data;
        result_->dataAtMs << result_->clock.elapsed();
        if (onData) onData();
    }
    void onUpstreamDone() override {
        ++result_->dones;
        result_->doneAtMs = result_->clock.elapsed();
    }
    void onUpstreamError(const UpstreamError &error) override {
        ++result_->errors;
        result_->error = error;
    }
    std::function<void()> onData;  // after recording a piece

private:
    std::shared_ptr<CallResult> result_;
};

std::shared_ptr<UpstreamCall> send(UpstreamClient &client, UpstreamRequest request,
                                   const std::shared_ptr<CallResult> &result) {
    result->clock.start();
    return client.sendOwned(std::move(request), std::make_shared<RecordingListener>(result));
}

QByteArray chatBody(const QString &model, const QString &text, bool stream = false) {
    const QJsonObject message{{"role", "user"}, {"content", text}};
    return QJsonDocument(
               QJsonObject{{"model", model}, {"stream", stream}, {"messages", QJsonArray{message}}})
        .toJson(QJsonDocument::Compact);
}

UpstreamRequest chatRequest(const FakeUpstream &fake, const QString &model,
                            const QString &text = QStringLiteral("hi"), bool stream = false) {
    UpstreamRequest r;
    r.url = fake.url(QStringLiteral("/v1/chat/completions"));
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Authorization", "Bearer good-key");
    r.body = chatBody(model, text, stream);
    r.streaming = stream;
    return r;
}

QString answerText(const QByteArray &body) {
    return QJsonDocument::fromJson(body)
        .object()["choices"]
        .toArray()
        .first()
        .toObject()["message"]
        .toObject()["content"]
        .toString();
}

// A port nothing listens on: bound once to reserve it, then released.
quint16 closedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), len);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

class UpstreamClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString error;
        ASSERT_TRUE(fake_.start(&error)) << error.toStdString();
    }

    // Runs the event loop until the call finishes.
    static bool waitFinished(const std::shared_ptr<CallResult> &r, int timeoutMs = 5000) {
        return runEventsUntil([&] { return r->finished(); }, timeoutMs);
    }

    // A chat request to a scripted server instead of the fake upstream.
    UpstreamRequest requestTo(const ScriptedTcpServer &server) const {
        UpstreamRequest request = chatRequest(fake_, "x");
        request.url.setPort(server.port());
        return request;
    }

    FakeUpstream fake_;
    UpstreamClient client_;
};

TEST_F(UpstreamClientTest, PlainRequestDeliversStatusHeadersAndBody) {
    auto r = std::make_shared<CallResult>();
    send(client_, chatRequest(fake_, "fake-model", "hello there"), r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_FALSE(r->error) << r->error->message.toStdString();
    EXPECT_EQ(r->heads, 1);
    EXPECT_EQ(r->dones, 1);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->headers.value("content-type"), "application/json");
    EXPECT_EQ(answerText(r->body), "echo: hello there");
}

TEST_F(UpstreamClientTest, RequestCarriesHostHeadersAndBody) {
    auto r = std::make_shared<CallResult>();
    const UpstreamRequest request = chatRequest(fake_, "fake-model");
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    const HttpHeaders seen = fake_.lastRequestHeaders();
    EXPECT_EQ(seen.value("Host"), "127.0.0.1:" + QByteArray::number(fake_.port()));
    EXPECT_EQ(seen.value("Authorization"), "Bearer good-key");
    EXPECT_EQ(seen.value("Content-Length"), QByteArray::number(request.body.size()));
    EXPECT_EQ(fake_.lastRequestBody(), request.body);
    EXPECT_EQ(fake_.lastRequestPath(), "/v1/chat/completions");
}

TEST_F(UpstreamClientTest, SequentialRequestsReuseOneKeepAliveConnection) {
    for (int i = 0; i < 5; ++i) {
        auto r = std::make_shared<CallResult>();
        send(client_, chatRequest(fake_, "fake-model", QString::number(i)), r);
        ASSERT_TRUE(waitFinished(r));
        ASSERT_EQ(answerText(r->body), "echo: " + QString::number(i));
    }
    EXPECT_EQ(fake_.requestCount(), 5);
    EXPECT_EQ(fake_.connectionCount(), 1);
    EXPECT_EQ(client_.openConnections(), 1);
}

TEST_F(UpstreamClientTest, TwoThousandConcurrentRequestsFinishInOneRound) {
    // 2,000 client sockets plus 2,000 server sockets live in this process.
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ASSERT_GE(limit.rlim_cur, rlim_t(4500)) << "fd limit too low for this test";

    constexpr int kRequests = 2000;
    std::vector<std::shared_ptr<CallResult>> results;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kRequests; ++i) {
        results.push_back(std::make_shared<CallResult>());
        // A second at the upstream: long enough for every connection to be
        // open at once even on a loaded machine or under the sanitizers.
        send(client_, chatRequest(fake_, "fake-latency-1000", QString::number(i)), results.back());
    }
    const bool all = runEventsUntil(
        [&] {
            return std::all_of(results.begin(), results.end(),
                               [](const auto &r) { return r->finished(); });
        },
        20000);
    const qint64 elapsed = clock.elapsed();
    ASSERT_TRUE(all);
    for (int i = 0; i < kRequests; ++i) {
        ASSERT_FALSE(results[size_t(i)]->error)
            << i << ": " << results[size_t(i)]->error->message.toStdString();
        ASSERT_EQ(answerText(results[size_t(i)]->body), "echo: " + QString::number(i));
    }
    // Not in waves of 6: every request had a connection of its own, and they
    // overlapped at the upstream. (The wall time is recorded, not asserted.)
    EXPECT_GE(elapsed, 1000);
    RecordProperty("elapsed_ms", int(elapsed));
    EXPECT_EQ(fake_.connectionCount(), kRequests);
    EXPECT_GE(fake_.peakInFlight(), kRequests / 2);
}

TEST_F(UpstreamClientTest, MaxConnectionsPerHostQueuesTheRest) {
    client_.setMaxConnectionsPerHost(2);
    std::vector<std::shared_ptr<CallResult>> results;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 6; ++i) {
        results.push_back(std::make_shared<CallResult>());
        send(client_, chatRequest(fake_, "fake-latency-100"), results.back());
    }
    ASSERT_TRUE(runEventsUntil(
        [&] {
            return std::all_of(results.begin(), results.end(),
                               [](const auto &r) { return r->finished(); });
        },
        5000));
    for (const auto &r : results) EXPECT_EQ(r->status, 200);
    EXPECT_GE(clock.elapsed(), 280);  // three waves of two
    EXPECT_EQ(fake_.connectionCount(), 2);
}

TEST_F(UpstreamClientTest, ConnectionRefusedReportsConnectFailed) {
    auto r = std::make_shared<CallResult>();
    UpstreamRequest request = chatRequest(fake_, "fake-model");
    request.url.setPort(closedPort());
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::ConnectFailed);
    EXPECT_EQ(r->heads, 0);
    EXPECT_EQ(r->dones, 0);
}

TEST_F(UpstreamClientTest, UnsupportedSchemeReportsConnectFailed) {
    auto r = std::make_shared<CallResult>();
    UpstreamRequest request = chatRequest(fake_, "fake-model");
    request.url = QUrl(QStringLiteral("ftp://127.0.0.1/x"));
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::ConnectFailed);
}

TEST_F(UpstreamClientTest, SlowUpstreamReportsTimeout) {
    auto r = std::make_shared<CallResult>();
    UpstreamRequest request = chatRequest(fake_, "fake-latency-3000");
    request.timeoutMs = 200;
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r, 2000));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Timeout);
    EXPECT_GE(r->clock.elapsed(), 180);
}

TEST_F(UpstreamClientTest, SilentStreamReportsIdleTimeout) {
    auto r = std::make_shared<CallResult>();
    UpstreamRequest request = chatRequest(fake_, "fake-drip-3000", "hi", true);
    request.idleTimeoutMs = 200;
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r, 3000));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Timeout);
    EXPECT_EQ(r->status, 200);
    EXPECT_FALSE(r->body.isEmpty());  // the first event did arrive
}

TEST_F(UpstreamClientTest, ResetMidStreamReportsResetAfterTheDataThatArrived) {
    auto r = std::make_shared<CallResult>();
    send(client_,
         chatRequest(fake_, "fake-reset-mid-stream-stream-events-6-every-20", "a b c d e f", true),
         r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Reset);
    EXPECT_EQ(r->status, 200);
    EXPECT_FALSE(r->body.isEmpty());
    EXPECT_FALSE(r->body.contains("[DONE]"));
    EXPECT_EQ(r->dones, 0);
}

TEST_F(UpstreamClientTest, ConnectionClosedMidLengthDelimitedBodyReportsReset) {
    ScriptedTcpServer server([](ScriptedConnection &c) {
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
    });
    ASSERT_TRUE(server.start());
    auto r = std::make_shared<CallResult>();
    const UpstreamRequest request = requestTo(server);
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Reset);
    EXPECT_EQ(r->body, "only part");
}

// A head split over reads goes to http_parser; a head that arrives whole is
// read in one pass and its body counted over any number of reads. Both
// leave the connection ready for the next request.
TEST_F(UpstreamClientTest, HeadsAndBodiesSplitOverReadsArriveWholeOnOneConnection) {
    ScriptedTcpServer server([](ScriptedConnection &c) {
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Le");
        QThread::msleep(20);
        c.write("ngth: 11\r\n\r\nhello");
        QThread::msleep(20);
        c.write(" world");
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nRetry-After: 7\r\nContent-Length: 6\r\n\r\nsec");
        QThread::msleep(20);
        c.write("ond");
        c.holdUntilClosed(2000);
    });
    ASSERT_TRUE(server.start());
    const UpstreamRequest request = requestTo(server);
    auto first = std::make_shared<CallResult>();
    send(client_, request, first);
    ASSERT_TRUE(waitFinished(first));
    ASSERT_FALSE(first->error) << first->error->message.toStdString();
    EXPECT_EQ(first->body, "hello world");
    auto second = std::make_shared<CallResult>();
    send(client_, request, second);
    ASSERT_TRUE(waitFinished(second));
    ASSERT_FALSE(second->error) << second->error->message.toStdString();
    EXPECT_EQ(second->body, "second");
    EXPECT_EQ(second->headers.value("retry-after"), "7");
    EXPECT_EQ(second->dones, 1);
    EXPECT_EQ(server.acceptedCount(), 1);
}

TEST_F(UpstreamClientTest, TcpResetMidBodyReportsReset) {
    ScriptedTcpServer server([](ScriptedConnection &c) {
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        QThread::msleep(50);
        c.resetConnection();
    });
    ASSERT_TRUE(server.start());
    auto r = std::make_shared<CallResult>();
    const UpstreamRequest request = requestTo(server);
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Reset);
    EXPECT_EQ(r->body, "hello");
}

TEST_F(UpstreamClientTest, ServerClosingWithoutAnswerReportsReset) {
    auto r = std::make_shared<CallResult>();
    send(client_, chatRequest(fake_, "fake-reset"), r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_TRUE(r->error);
    EXPECT_EQ(r->error->kind, UpstreamError::Kind::Reset);
    EXPECT_EQ(r->heads, 0);
    EXPECT_EQ(fake_.requestCount(), 1);  // a fresh connection is not retried
}

TEST_F(UpstreamClientTest, ResponseEndedByCloseCompletes) {
    ScriptedTcpServer server([](ScriptedConnection &c) {
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        c.write("all of ");
        QThread::msleep(20);
        c.write("the body");
    });  // returning closes the socket: the end of the body
    ASSERT_TRUE(server.start());
    auto r = std::make_shared<CallResult>();
    const UpstreamRequest request = requestTo(server);
    send(client_, request, r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_FALSE(r->error) << r->error->message.toStdString();
    EXPECT_EQ(r->dones, 1);
    EXPECT_EQ(r->body, "all of the body");
}

TEST_F(UpstreamClientTest, ReusedConnectionClosedByTheServerIsRetriedOnAFreshOne) {
    ScriptedTcpServer server([](ScriptedConnection &c) {
        c.readRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        if (c.index() == 0) {
            // The keep-alive race: the next request arrives as the server gives up.
            c.readRequest();
            return;
        }
    });
    ASSERT_TRUE(server.start());
    const UpstreamRequest request = requestTo(server);
    auto first = std::make_shared<CallResult>();
    send(client_, request, first);
    ASSERT_TRUE(waitFinished(first));
    ASSERT_EQ(first->body, "first");
    auto second = std::make_shared<CallResult>();
    send(client_, request, second);
    ASSERT_TRUE(waitFinished(second));
    ASSERT_FALSE(second->error) << second->error->message.toStdString();
    EXPECT_EQ(second->body, "first");
    EXPECT_EQ(server.acceptedCount(), 2);
}

TEST_F(UpstreamClientTest, IdleConnectionClosedByTheServerIsDropped) {
    HttpLimits limits;
    limits.idleTimeoutMs = 100;
    FakeUpstream shortLived(limits);
    ASSERT_TRUE(shortLived.start());
    auto first = std::make_shared<CallResult>();
    send(client_, chatRequest(shortLived, "fake-model"), first);
    ASSERT_TRUE(waitFinished(first));
    EXPECT_EQ(client_.openConnections(), 1);
    EXPECT_TRUE(runEventsUntil([&] { return client_.openConnections() == 0; }, 2000));
    auto second = std::make_shared<CallResult>();
    send(client_, chatRequest(shortLived, "fake-model"), second);
    ASSERT_TRUE(waitFinished(second));
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(shortLived.connectionCount(), 2);
}

// A caller that names the response headers it reads gets those (in any
// case) and no others; twice in a row on one connection.
TEST_F(UpstreamClientTest, OnlyTheResponseHeadersAskedForAreKept) {
    for (int i = 0; i < 2; ++i) {
        UpstreamRequest request = chatRequest(fake_, "fake-status-429-retry-after-3");
        request.responseHeaders = {QByteArrayLiteral("RETRY-AFTER")};
        auto r = std::make_shared<CallResult>();
        send(client_, request, r);
        ASSERT_TRUE(waitFinished(r));
        EXPECT_EQ(r->status, 429);
        EXPECT_EQ(r->headers.value("Retry-After"), "3");
        EXPECT_EQ(r->headers.size(), 1);
        EXPECT_FALSE(r->headers.contains("Content-Type"));
        EXPECT_TRUE(r->body.contains("rate_limit_exceeded"));
    }
    EXPECT_EQ(fake_.connectionCount(), 1);
}

TEST_F(UpstreamClientTest, ErrorStatusIsDeliveredAsAResponse) {
    auto r = std::make_shared<CallResult>();
    send(client_, chatRequest(fake_, "fake-status-429-retry-after-3"), r);
    ASSERT_TRUE(waitFinished(r));
    EXPECT_FALSE(r->error);
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(r->headers.value("Retry-After"), "3");
    EXPECT_TRUE(r->body.contains("rate_limit_exceeded"));
    // The connection stays usable after an error status.
    auto next = std::make_shared<CallResult>();
    send(client_, chatRequest(fake_, "fake-model"), next);
    ASSERT_TRUE(waitFinished(next));
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(fake_.connectionCount(), 1);
}

TEST_F(UpstreamClientTest, StreamingDeliversDataBeforeTheResponseEnds) {
    auto r = std::make_shared<CallResult>();
    send(client_,
         chatRequest(fake_, "fake-stream-events-5-every-100", "one two three four five", true), r);
    ASSERT_TRUE(waitFinished(r));
    ASSERT_FALSE(r->error) << r->error->message.toStdString();
    ASSERT_GE(r->dataAtMs.size(), 5);
    // The first event came ~400 ms before the stream was over.
    EXPECT_LE(r->dataAtMs.first() + 300, r->doneAtMs);
    QString text;
    for (const SseEvent &e : parseSseEvents(r->body)) {
        if (e.data == "[DONE]") continue;
        text += QJsonDocument::fromJson(e.data)
                    .object()["choices"]
                    .toArray()
                    .first()
                    .toObject()["delta"]
                    .toObject()["content"]
                    .toString();
    }
    EXPECT_EQ(text, "echo: one two three four five");
}

TEST_F(UpstreamClientTest, CancelBeforeTheAnswerSilencesCallbacks) {
    auto r = std::make_shared<CallResult>();
    auto call = send(client_, chatRequest(fake_, "fake-latency-300"), r);
    // Cancelled once the server has the request (a fixed 20 ms was not
    // always enough under the sanitizers: the request then never reached
    // the server, which had no client to see go).
    ASSERT_TRUE(runEventsUntil([&] { return fake_.requestCount() == 1; }, 2000));
    call->cancel();
    runEventsFor(400);
    EXPECT_EQ(r->callbacks(), 0);
    // The server saw its client go before it could answer.
    EXPECT_TRUE(runEventsUntil([&] { return fake_.abandonedCount() == 1; }, 2000));
}

TEST_F(UpstreamClientTest, CancelRightAfterSendSilencesCallbacks) {
    auto r = std::make_shared<CallResult>();
    auto call = send(client_, chatRequest(fake_, "fake-model"), r);
    call->cancel();
    runEventsFor(200);
    EXPECT_EQ(r->callbacks(), 0);
}

TEST_F(UpstreamClientTest, AListenerThatIsGoneHearsNothingAndTheConnectionIsReused) {
    auto r = std::make_shared<CallResult>();
    auto listener = std::make_shared<RecordingListener>(r);
    auto call = client_.send(chatRequest(fake_, "fake-latency-100"), listener);
    listener.reset();  // the caller went away; the client held it weakly
    runEventsFor(400);
    EXPECT_EQ(r->callbacks(), 0);
    auto next = std::make_shared<CallResult>();
    send(client_, chatRequest(fake_, "fake-model"), next);
    ASSERT_TRUE(runEventsUntil([&] { return next->finished(); }, 3000));
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(fake_.connectionCount(), 1);  // the answer was read to its end
}

TEST_F(UpstreamClientTest, FetchWholeKeepsAtMostTheBodyAskedForAndReportsFailures) {
    std::optional<WholeAnswer> cut;
    fetchWhole(client_, chatRequest(fake_, "fake-model", "hello there"), 10,
               [&](const WholeAnswer &a) { cut = a; });
    ASSERT_TRUE(runEventsUntil([&] { return cut.has_value(); }, 3000));
    EXPECT_FALSE(cut->failed);
    EXPECT_EQ(cut->status, 200);
    EXPECT_EQ(cut->body.size(), 10);

    std::optional<WholeAnswer> failed;
    UpstreamRequest bad;
    bad.url = QUrl(QStringLiteral("ftp://127.0.0.1/x"));
    fetchWhole(client_, bad, 10, [&](const WholeAnswer &a) { failed = a; });
    ASSERT_TRUE(runEventsUntil([&] { return failed.has_value(); }, 3000));
    EXPECT_TRUE(failed->failed);
    EXPECT_EQ(failed->error.kind, UpstreamError::Kind::ConnectFailed);
}

TEST_F(UpstreamClientTest, CancelInsideAStreamCallbackSilencesTheRest) {
    auto r = std::make_shared<CallResult>();
    std::shared_ptr<UpstreamCall> call;
    auto listener = std::make_shared<RecordingListener>(r);
    listener->onData = [&call] { call->cancel(); };
    UpstreamRequest request = chatRequest(fake_, "fake-stream-events-10-every-30", "hi", true);
    call = client_.send(request, listener);
    ASSERT_TRUE(runEventsUntil([&] { return !r->dataAtMs.isEmpty(); }, 3000));
    runEventsFor(500);
    EXPECT_EQ(r->dataAtMs.size(), 1);
    EXPECT_EQ(r->dones + r->errors, 0);
    EXPECT_TRUE(runEventsUntil([&] { return fake_.abandonedCount() == 1; }, 2000));
    EXPECT_EQ(client_.openConnections(), 0);
}

}  // namespace
}  // namespace gatehouse
