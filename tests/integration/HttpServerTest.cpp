// The HTTP/1.1 server seen from a raw socket: framing, ordering, limits and
// timeouts. The server runs on its own worker threads; the test thread talks
// to it with a blocking client.
#include "RunAfter.h"
#include "SseEvents.h"
#include "TestHttpClient.h"
#include "TestServer.h"

#include <gtest/gtest.h>

#include <QMutex>
#include <QSet>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace gatehouse {
namespace {

using Exchange = std::shared_ptr<HttpExchange>;
using Clock = std::chrono::steady_clock;

qint64 msSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 5000) {
    const auto start = Clock::now();
    while (!condition()) {
        if (msSince(start) > timeoutMs) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// Answers every request with its method, path and body, so a test can tell
// which request a response belongs to.
void echo(const Exchange &ex, QObject *) {
    const auto &r = ex->request();
    ex->respond(200, r.method + " " + r.path + " " + r.body, "text/plain");
}

QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {}) {
    return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extraHeaders + "\r\n";
}

class HttpServerTest : public ::testing::Test {
protected:
    // Starts a server with `handler`; the test fails if it cannot listen.
    void startServer(TestHandler handler, const HttpLimits &limits = {}, int workers = 1) {
        server_ = std::make_unique<TestServer>(std::move(handler), limits, workers);
        QString error;
        ASSERT_TRUE(server_->start(&error)) << error.toStdString();
    }
    quint16 port() const { return server_->port(); }
    void connect(TestHttpClient &client) { ASSERT_TRUE(client.connectTo(port())); }

    // State the handlers share with the test body. Declared before server_,
    // so the worker threads are gone before it is destroyed.
    std::atomic<int> handled_{0};
    std::atomic<int> gone_{0};
    std::atomic<int> lateAnswers_{0};
    std::atomic<bool> connectedAtAnswer_{true};
    std::atomic<bool> release_{false};
    QMutex mutex_;
    QList<QByteArray> log_;
    QSet<quint16> ports_;

    std::unique_ptr<TestServer> server_;
};

HttpHeaders oneHeader(const QByteArray &name, const QByteArray &value) {
    HttpHeaders h;
    h.add(name, value);
    return h;
}

TEST_F(HttpServerTest, AnswersASimpleRequest) {
    startServer(echo);
    const auto r = TestHttpClient::get(port(), "/hello");
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.version, "HTTP/1.1");
    EXPECT_EQ(r.body, "GET /hello ");
    EXPECT_EQ(r.header("Content-Length"), "11");
    EXPECT_EQ(r.header("Content-Type"), "text/plain");
    EXPECT_EQ(r.header("Server"), "gatehouse");
}

TEST_F(HttpServerTest, PassesRequestBodyAndHeadersToTheHandler) {
    startServer([](const Exchange &ex, QObject *) {
        ex->respond(200, ex->request().headers.value("X-Test") + "|" + ex->request().body);
    });
    const auto r = TestHttpClient::post(port(), "/p", "{\"a\":1}", oneHeader("X-Test", "yes"));
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "yes|{\"a\":1}");
}

TEST_F(HttpServerTest, KeepAliveConnectionServesSequentialRequests) {
    startServer([this](const Exchange &ex, QObject *) {
        QMutexLocker lock(&mutex_);
        ports_.insert(ex->request().peerPort);
        echo(ex, nullptr);
    });
    TestHttpClient client;
    connect(client);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(client.send(get("/r" + QByteArray::number(i))));
        const auto r = client.readResponse();
        ASSERT_TRUE(r.complete) << r.error.toStdString();
        EXPECT_EQ(r.body, "GET /r" + QByteArray::number(i) + " ");
        EXPECT_NE(r.header("Connection"), "close");
    }
    QMutexLocker lock(&mutex_);
    EXPECT_EQ(ports_.size(), 1);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrderWhenTheFirstFinishesLast) {
    startServer([this](const Exchange &ex, QObject *context) {
        auto answer = [this, ex] {
            {
                QMutexLocker lock(&mutex_);
                log_ << ex->request().path;
            }
            echo(ex, nullptr);
        };
        if (ex->request().path == "/slow")
            runAfter(context, 200, answer);
        else
            answer();
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/slow") + get("/fast")));
    const auto first = client.readResponse();
    const auto second = client.readResponse();
    ASSERT_TRUE(first.complete && second.complete);
    EXPECT_EQ(first.body, "GET /slow ");
    EXPECT_EQ(second.body, "GET /fast ");
    // The handler really did finish them the other way round.
    QMutexLocker lock(&mutex_);
    EXPECT_EQ(log_, (QList<QByteArray>{"/fast", "/slow"}));
}

TEST_F(HttpServerTest, ManyPipelinedRequestsWithRandomDelaysStayInOrder) {
    HttpLimits limits;
    limits.maxPipelinedRequests = 4;  // more are sent than may be outstanding
    startServer(
        [](const Exchange &ex, QObject *context) {
            const int n = ex->request().path.mid(1).toInt();
            runAfter(context, (n * 37) % 50, [ex] { echo(ex, nullptr); });
        },
        limits);
    TestHttpClient client;
    connect(client);
    QByteArray all;
    for (int i = 0; i < 20; ++i) all += get("/" + QByteArray::number(i));
    ASSERT_TRUE(client.send(all));
    for (int i = 0; i < 20; ++i) {
        const auto r = client.readResponse();
        ASSERT_TRUE(r.complete) << i << ": " << r.error.toStdString();
        EXPECT_EQ(r.body, "GET /" + QByteArray::number(i) + " ");
    }
}

TEST_F(HttpServerTest, ContentLengthOverTheLimitGets413BeforeTheBodyIsSent) {
    HttpLimits limits;
    limits.maxBodyBytes = 1024 * 1024;
    startServer(
        [this](const Exchange &ex, QObject *) {
            ++handled_;
            echo(ex, nullptr);
        },
        limits);
    TestHttpClient client;
    connect(client);
    // Only the head goes out: the answer must not wait for 100 MB of body.
    ASSERT_TRUE(client.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n"));
    const auto r = client.readResponse(2000);
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(r.body.contains("104857600")) << r.body.toStdString();
    EXPECT_TRUE(client.waitForClose(2000));
    EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpServerTest, TooManyHeaderFieldsGet431AndClose) {
    HttpLimits limits;
    limits.maxHeaderCount = 20;
    startServer(echo, limits);
    QByteArray request = "GET / HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 50; ++i) request += "X-Field-" + QByteArray::number(i) + ": v\r\n";
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(request + "\r\n"));
    const auto r = client.readResponse();
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 431);
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, HugeHeaderLineGets431WithoutWaitingForItsEnd) {
    HttpLimits limits;
    limits.maxHeaderBytes = 8 * 1024;
    startServer(echo, limits);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Huge: " + QByteArray(16 * 1024, 'h')));
    const auto r = client.readResponse(2000);
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 431);
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, MalformedRequestGets400AndClose) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("HELLO? IS IT ME\r\n\r\n"));
    const auto r = client.readResponse();
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_TRUE(r.body.startsWith("{\"error\"")) << r.body.toStdString();
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, ServerKeepsServingOtherClientsAfterAMalformedRequest) {
    startServer(echo);
    TestHttpClient before;
    connect(before);
    ASSERT_TRUE(before.send(get("/one")));
    ASSERT_TRUE(before.readResponse().complete);

    TestHttpClient bad;
    connect(bad);
    ASSERT_TRUE(bad.send("\x01\x02\x03 garbage\r\n\r\n"));
    EXPECT_EQ(bad.readResponse().status, 400);

    // The connection that was open before still works, and so do new ones.
    ASSERT_TRUE(before.send(get("/two")));
    const auto again = before.readResponse();
    ASSERT_TRUE(again.complete) << again.error.toStdString();
    EXPECT_EQ(again.body, "GET /two ");
    const auto fresh = TestHttpClient::get(port(), "/three");
    ASSERT_TRUE(fresh.complete) << fresh.error.toStdString();
    EXPECT_EQ(fresh.body, "GET /three ");
}

TEST_F(HttpServerTest, UnsupportedHttpVersionGets505) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET / HTTP/2.0\r\n\r\n"));
    EXPECT_EQ(client.readResponse().status, 505);
}

TEST_F(HttpServerTest, Http10WithoutKeepAliveIsAnsweredAndClosed) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET /old HTTP/1.0\r\n\r\n"));
    const auto r = client.readResponse();
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "GET /old ");
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, Http10WithKeepAliveStaysOpenForTheNextRequest) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    const auto first = client.readResponse();
    ASSERT_TRUE(first.complete) << first.error.toStdString();
    EXPECT_EQ(first.header("Connection"), "keep-alive");
    ASSERT_TRUE(client.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    const auto second = client.readResponse();
    ASSERT_TRUE(second.complete) << second.error.toStdString();
    EXPECT_EQ(second.body, "GET /b ");
}

TEST_F(HttpServerTest, ConnectionCloseIsHonouredAndLaterRequestsAreNotAnswered) {
    startServer([this](const Exchange &ex, QObject *) {
        ++handled_;
        echo(ex, nullptr);
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/last", "Connection: close\r\n") + get("/ignored")));
    const auto r = client.readResponse();
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "GET /last ");
    EXPECT_EQ(r.header("Connection"), "close");
    QByteArray after;
    EXPECT_TRUE(client.waitForClose(2000, &after));
    EXPECT_TRUE(after.isEmpty()) << "unexpected bytes after the last answer: "
                                 << after.toStdString();
    EXPECT_EQ(handled_.load(), 1);
}

TEST_F(HttpServerTest, HeaderTimeoutAnswers408ThenCloses) {
    HttpLimits limits;
    limits.headerTimeoutMs = 200;
    startServer(echo, limits);
    TestHttpClient client;
    connect(client);
    const auto start = Clock::now();
    ASSERT_TRUE(client.send("GET /slowloris HTTP/1.1\r\nHost: t\r\n"));
    const auto r = client.readResponse(3000);
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 408);
    EXPECT_GE(msSince(start), 150);
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, IdleTimeoutClosesAKeepAliveConnection) {
    HttpLimits limits;
    limits.idleTimeoutMs = 200;
    startServer(echo, limits);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/")));
    ASSERT_TRUE(client.readResponse().complete);
    const auto answered = Clock::now();
    QByteArray extra;
    EXPECT_TRUE(client.waitForClose(3000, &extra));
    EXPECT_GE(msSince(answered), 150);
    EXPECT_TRUE(extra.isEmpty());  // closed silently, no 408
}

// The last answer before a close is more than the kernel takes; a client
// that never reads it must not hold the connection open for ever.
TEST_F(HttpServerTest, ClientThatNeverReadsItsLastAnswerIsCutOffAfterTheIdleTimeout) {
    HttpLimits limits;
    limits.idleTimeoutMs = 200;
    const QByteArray big(16 * 1024 * 1024, 'x');
    startServer([&big](const Exchange &ex, QObject *) { ex->respond(200, big, "text/plain"); },
                limits);
    TestHttpClient client;
    client.setReceiveBuffer(64 * 1024);
    connect(client);
    ASSERT_TRUE(client.send(get("/", "Connection: close\r\n")));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // reads nothing meanwhile
    QByteArray received;
    EXPECT_TRUE(client.waitForClose(10000, &received));
    EXPECT_LT(received.size(), big.size());  // cut off, not sent whole
}

TEST_F(HttpServerTest, IdleTimeoutClosesAConnectionThatNeverSendsARequest) {
    HttpLimits limits;
    limits.idleTimeoutMs = 200;
    startServer(echo, limits);
    TestHttpClient client;
    connect(client);
    EXPECT_TRUE(client.waitForClose(3000));
}

TEST_F(HttpServerTest, IdleTimeoutDoesNotCloseWhileTheHandlerIsWorking) {
    HttpLimits limits;
    limits.idleTimeoutMs = 100;
    startServer([](const Exchange &ex,
                   QObject *context) { runAfter(context, 400, [ex] { echo(ex, nullptr); }); },
                limits);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/slow")));
    const auto r = client.readResponse(3000);
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "GET /slow ");
}

TEST_F(HttpServerTest, ClientDisconnectBeforeADeferredAnswerFiresClientGone) {
    startServer([this](const Exchange &ex, QObject *context) {
        if (ex->request().path != "/slow") return echo(ex, nullptr);
        ex->setClientGoneHandler([this] { ++gone_; });
        runAfter(context, 300, [this, ex] {
            connectedAtAnswer_ = ex->isClientConnected();
            // Answering a client that left must be harmless.
            ex->respond(200, "too late");
            ex->beginStream(200, "text/event-stream");
            ex->sendChunk("x");
            ex->endStream();
            ++lateAnswers_;
        });
    });
    {
        TestHttpClient client;
        connect(client);
        ASSERT_TRUE(client.send(get("/slow")));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }  // closes the socket
    ASSERT_TRUE(waitUntil([&] { return gone_.load() == 1; })) << "client-gone never fired";
    ASSERT_TRUE(waitUntil([&] { return lateAnswers_.load() == 1; }));
    EXPECT_FALSE(connectedAtAnswer_.load());
    EXPECT_EQ(gone_.load(), 1);
    EXPECT_EQ(server_->server().activeExchanges(), 0);
    const auto r = TestHttpClient::get(port(), "/alive");
    EXPECT_EQ(r.body, "GET /alive ");
}

TEST_F(HttpServerTest, ClientGoneIsNotCalledForAFinishedAnswer) {
    startServer([this](const Exchange &ex, QObject *) {
        ex->setClientGoneHandler([this] { ++gone_; });
        echo(ex, nullptr);
        ++handled_;
    });
    {
        TestHttpClient client;
        connect(client);
        ASSERT_TRUE(client.send(get("/")));
        ASSERT_TRUE(client.readResponse().complete);
    }
    ASSERT_TRUE(waitUntil([&] { return server_->server().activeExchanges() == 0; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(handled_.load(), 1);
    EXPECT_EQ(gone_.load(), 0);
}

TEST_F(HttpServerTest, ActiveExchangesCountsUnfinishedAnswers) {
    startServer([this](const Exchange &ex, QObject *context) {
        // Answers once the test releases it, polling on the worker thread.
        auto *poll = new QTimer(context);
        QObject::connect(poll, &QTimer::timeout, context, [this, ex, poll] {
            if (!release_) return;
            poll->stop();
            poll->deleteLater();
            echo(ex, nullptr);
        });
        poll->start(10);
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/held")));
    ASSERT_TRUE(waitUntil([&] { return server_->server().activeExchanges() == 1; }));
    release_ = true;
    ASSERT_TRUE(client.readResponse().complete);
    EXPECT_TRUE(waitUntil([&] { return server_->server().activeExchanges() == 0; }));
}

// Sends `count` events `intervalMs` apart as one SSE stream.
void streamEvents(const Exchange &ex, QObject *context, int count, int intervalMs, int sent = 0) {
    if (sent == 0) ex->beginStream(200, "text/event-stream");
    if (sent == count) return ex->endStream();
    ex->sendChunk("data: event " + QByteArray::number(sent) + "\n\n");
    runAfter(context, intervalMs, [=] { streamEvents(ex, context, count, intervalMs, sent + 1); });
}

TEST_F(HttpServerTest, ChunkedStreamingReachesTheClientEventByEvent) {
    startServer([](const Exchange &ex, QObject *context) { streamEvents(ex, context, 5, 100); });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/stream")));
    const auto s = client.readStreamed(5000);
    ASSERT_TRUE(s.complete);
    EXPECT_EQ(s.head.status, 200);
    EXPECT_TRUE(s.head.chunked);
    EXPECT_EQ(s.head.header("Content-Type"), "text/event-stream");
    ASSERT_EQ(s.pieces.size(), 5);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(s.pieces[i].data, "data: event " + QByteArray::number(i) + "\n\n");
    // Events arrived as they were sent (400 ms from first to last), not all at the end.
    EXPECT_GE(s.pieces[4].atMs - s.pieces[0].atMs, 250);
    // Keep-alive survives a finished stream.
    ASSERT_TRUE(client.send(get("/stream")));
    EXPECT_EQ(parseSseEvents(client.readStreamed(5000).body()).size(), 5);
}

TEST_F(HttpServerTest, StreamToAnHttp10ClientIsCloseDelimited) {
    startServer([](const Exchange &ex, QObject *context) { streamEvents(ex, context, 3, 10); });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    const auto s = client.readStreamed(5000);
    ASSERT_TRUE(s.complete);
    EXPECT_TRUE(s.head.closeDelimited);
    EXPECT_FALSE(s.head.headers.contains("Transfer-Encoding"));
    EXPECT_EQ(s.body(), "data: event 0\n\ndata: event 1\n\ndata: event 2\n\n");
}

// A chunk given in pieces (how a relayed event is sent: "data: ", the
// provider's text, a blank line) is one chunk, sized for all of them; an
// HTTP/1.0 client gets the pieces back to back. Empty pieces add nothing.
TEST_F(HttpServerTest, AChunkInPiecesIsOneChunk) {
    const QByteArray big(300, 'x');  // a chunk size of more than one hex digit
    startServer([big](const Exchange &ex, QObject *) {
        ex->beginStream(200, "text/event-stream");
        ex->sendChunk("data: ", "{\"a\":1}", "\n\n");
        ex->sendChunk({}, big, {});
        ex->sendChunk({}, {}, {});  // nothing: no empty chunk, which would end the stream
        ex->sendChunk("data: ", {}, "\n\n");
        ex->endStream();
    });
    const QList<QByteArray> expected = {"data: {\"a\":1}\n\n", big, "data: \n\n"};
    {
        TestHttpClient client;
        connect(client);
        ASSERT_TRUE(client.send(get("/stream")));
        const auto s = client.readStreamed(5000);
        ASSERT_TRUE(s.complete);
        EXPECT_TRUE(s.head.chunked);
        ASSERT_EQ(s.pieces.size(), 3);
        for (int i = 0; i < 3; ++i) EXPECT_EQ(s.pieces[i].data, expected[i]);
    }
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET /stream HTTP/1.0\r\n\r\n"));
    const auto s = client.readStreamed(5000);
    ASSERT_TRUE(s.complete);
    EXPECT_TRUE(s.head.closeDelimited);
    EXPECT_EQ(s.body(), expected.join());
}

TEST_F(HttpServerTest, AbortStreamCutsTheResponseWithoutItsLastChunk) {
    startServer([](const Exchange &ex, QObject *context) {
        ex->beginStream(200, "text/event-stream");
        ex->sendChunk("data: one\n\n");
        runAfter(context, 50, [ex] { ex->abortStream(); });
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/stream")));
    const auto s = client.readStreamed(3000);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.end, TestBodyPiece::Kind::Closed);
    EXPECT_EQ(s.body(), "data: one\n\n");
}

// Without chunking, a clean close is how a body ends, so an aborted stream
// must reset the connection or the client takes the truncated body as whole.
TEST_F(HttpServerTest, AbortStreamToAnHttp10ClientResetsTheConnection) {
    startServer([](const Exchange &ex, QObject *context) {
        ex->beginStream(200, "text/event-stream");
        ex->sendChunk("data: one\n\n");
        runAfter(context, 50, [ex] { ex->abortStream(); });
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("GET /stream HTTP/1.0\r\n\r\n"));
    const auto s = client.readStreamed(3000);
    EXPECT_TRUE(s.head.closeDelimited);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.end, TestBodyPiece::Kind::Reset);
    EXPECT_EQ(s.body(), "data: one\n\n");
}

TEST_F(HttpServerTest, ChunkedRequestBodyReachesTheHandler) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(
        client.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "4\r\nabcd\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ASSERT_TRUE(client.send("3\r\nefg\r\n0\r\n\r\n"));
    const auto r = client.readResponse();
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "POST /up abcdefg");
}

TEST_F(HttpServerTest, HeadRequestGetsHeadersWithoutABody) {
    startServer(echo);
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n"));
    const auto head = client.readResponse(5000, true);
    ASSERT_TRUE(head.complete);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length"), "8");  // the size of the body ("HEAD /h "), not sent
    // No stray body bytes: the next answer on the connection parses cleanly.
    ASSERT_TRUE(client.send(get("/after")));
    EXPECT_EQ(client.readResponse().body, "GET /after ");
}

TEST_F(HttpServerTest, StopAcceptingLetsAnAnswerInProgressFinishWithConnectionClose) {
    startServer([](const Exchange &ex, QObject *context) {
        runAfter(context, 200, [ex] { echo(ex, nullptr); });
    });
    TestHttpClient client;
    connect(client);
    ASSERT_TRUE(client.send(get("/draining")));
    ASSERT_TRUE(waitUntil([&] { return server_->server().activeExchanges() == 1; }));
    server_->server().stopAccepting();
    const auto r = client.readResponse(3000);
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.body, "GET /draining ");
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(client.waitForClose());
}

TEST_F(HttpServerTest, ServesConcurrentClientsOnSeveralWorkers) {
    startServer([](const Exchange &ex,
                   QObject *context) { runAfter(context, 100, [ex] { echo(ex, nullptr); }); },
                HttpLimits{}, 2);
    EXPECT_EQ(server_->server().workerCount(), 2);
    constexpr int kClients = 50;
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    const auto start = Clock::now();
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>());
        ASSERT_TRUE(clients.back()->connectTo(port()));
        ASSERT_TRUE(clients.back()->send(get("/c" + QByteArray::number(i))));
    }
    for (int i = 0; i < kClients; ++i) {
        const auto r = clients[size_t(i)]->readResponse();
        ASSERT_TRUE(r.complete) << r.error.toStdString();
        EXPECT_EQ(r.body, "GET /c" + QByteArray::number(i) + " ");
    }
    EXPECT_LT(msSince(start), 1500);  // concurrent, not 50 x 100 ms
}

}  // namespace
}  // namespace gatehouse
