// Client-side faults against the running gateway: hostile or broken JSON,
// headers, encodings, pacing and disconnects. Each gets a clear error where
// one is owed and no crash; after each, /health and a normal request still
// succeed (TearDown) and nothing stays in flight.
#include "FaultChecks.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <QCoreApplication>
#include <atomic>
#include <thread>

using namespace gatehouse;

namespace {

// Short header and idle timeouts, so slowloris and idle connections are
// dealt with within the test; a mock whose streams last a while.
const QByteArray kConfig = R"({
  "client": { "max_request_body_size_mb": 16, "header_timeout_seconds": 1,
              "idle_timeout_seconds": 1 },
  "providers": { "mock": { "keys": [], "mock_config": { "stream_chunk_delay_ms": 5 } } }
})";

void raiseFileLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

class FaultClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        raiseFileLimit();
        QString error;
        ASSERT_TRUE(gateway.start(kConfig, &error)) << error.toStdString();
    }
    void TearDown() override { expectStillServing(gateway.port()); }

    QString errorCode(const TestHttpResponse &r) {
        QJsonObject json = jsonOf(r.body);
        return json.value("error").toObject().value("code").toString();
    }
    // Sends raw bytes on a fresh connection and reads one response.
    TestHttpResponse raw(const QByteArray &bytes, int timeoutMs = 10000) {
        TestHttpClient c;
        if (!c.connectTo(gateway.port())) return {};
        c.send(bytes, timeoutMs);  // the server may answer and close before it reads all
        return c.readResponse(timeoutMs);
    }
    GatewayHarness gateway;
};

}  // namespace

TEST_F(FaultClientTest, HundredThousandLevelsOfNestedJsonAre400) {
    for (const QByteArray &open : {QByteArray("["), QByteArray("{\"a\":")}) {
        const QByteArray close = open == "[" ? "]" : "}";
        QByteArray nested;
        for (int i = 0; i < 100000; ++i) nested += open;
        nested += "1";
        for (int i = 0; i < 100000; ++i) nested += close;
        for (const QByteArray path : {"/v1/chat/completions", "/anthropic/v1/messages"}) {
            const auto r = TestHttpClient::post(gateway.port(), path,
                                                "{\"model\":\"mock/echo\",\"x\":" + nested + "}");
            EXPECT_EQ(r.status, 400) << path.constData() << " " << r.body.left(300).toStdString();
        }
    }
}

TEST_F(FaultClientTest, TruncatedJsonIs400) {
    const QByteArray body = chatBody("mock/echo", "hello");
    for (int cut : {1, 10, int(body.size()) / 2, int(body.size()) - 1}) {
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", body.left(cut));
        EXPECT_EQ(r.status, 400) << cut;
        EXPECT_EQ(errorCode(r), "invalid_json") << cut;
    }
}

TEST_F(FaultClientTest, WrongTypesAre400NotCrashes) {
    const QList<QByteArray> chat = {
        R"({"model":42,"messages":[]})",
        R"({"model":["mock/echo"],"messages":[]})",
        R"({"model":"mock/echo","fallbacks":[1,2]})",
        R"({"model":"mock/echo","stream":1,"messages":[]})",
    };
    for (const QByteArray &body : chat) {
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", body);
        EXPECT_EQ(r.status, 400) << body.toStdString() << " -> " << r.body.toStdString();
    }
    const QList<QByteArray> anthropic = {
        R"({"model":"mock/echo","max_tokens":10,"messages":"hi"})",
        R"({"model":"mock/echo","max_tokens":10,"messages":[{"role":"user","content":42}]})",
        R"({"model":"mock/echo","max_tokens":10,"messages":[{"role":7,"content":"x"}]})",
        R"({"model":"mock/echo","max_tokens":10,"system":{"a":1},"messages":[]})",
        R"({"model":"mock/echo","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","content":{"x":1}}]}]})",
    };
    for (const QByteArray &body : anthropic) {
        const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", body);
        EXPECT_EQ(r.status, 400) << body.toStdString() << " -> " << r.body.toStdString();
    }
    // Shapes the mock does not read still get an answer (the chat endpoint
    // passes what it does not model through; the mock finds no text in them
    // and echoes nothing), not a crash.
    const QList<QByteArray> odd = {
        R"({"model":"mock/echo","messages":"hi"})",
        R"({"model":"mock/echo","messages":[null,1,"x",{"role":{}}]})",
        R"({"model":"mock/echo","messages":[{"role":"user","content":[{"type":"text","text":7}]}]})",
    };
    for (const QByteArray &body : odd) {
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", body);
        ASSERT_EQ(r.status, 200) << body.toStdString() << " -> " << r.body.toStdString();
        EXPECT_EQ(jsonOf(r.body).value("object").toString(), "chat.completion");
        EXPECT_EQ(answerText(r.body), "") << body.toStdString();
    }
}

TEST_F(FaultClientTest, HugeStringIsEchoedWhole) {
    const QString huge(8 * 1024 * 1024, QLatin1Char('y'));
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", huge), {}, 60000);
    ASSERT_EQ(r.status, 200) << r.error.toStdString();
    EXPECT_TRUE(answerText(r.body).endsWith(huge));
}

TEST_F(FaultClientTest, BodyOverTheLimitIs413BeforeItIsSent) {
    // Refused on the head alone: the client learns before sending 17 MB.
    const auto r = raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                       QByteArray::number(17 * 1024 * 1024) + "\r\n\r\n{\"model\":");
    EXPECT_EQ(r.status, 413);
    // Chunked, so the size shows only as it arrives: refused mid-body.
    TestHttpClient c;
    ASSERT_TRUE(c.connectTo(gateway.port()));
    ASSERT_TRUE(
        c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
               "Transfer-Encoding: chunked\r\n\r\n"));
    QByteArray received;
    bool closed = false;
    const QByteArray chunk = "100000\r\n" + QByteArray(0x100000, 'x') + "\r\n";
    for (int i = 0; i < 20 && !closed; ++i) {
        if (!c.send(chunk)) break;  // the server closed: the rest is not read
        closed = c.waitForClose(10, &received);
    }
    if (!closed) closed = c.waitForClose(5000, &received);
    EXPECT_TRUE(closed);
    // The answer may be lost to the TCP reset that closing with unread
    // bytes causes; when it arrived, it says 413.
    if (!received.isEmpty()) {
        EXPECT_TRUE(received.startsWith("HTTP/1.1 413")) << received.left(100).toStdString();
    }
}

TEST_F(FaultClientTest, TenThousandHeadersAre431) {
    QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 10000; ++i) request += "X-H" + QByteArray::number(i) + ": v\r\n";
    const QByteArray body = chatBody("mock/echo", "hi");
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const auto r = raw(request);
    EXPECT_EQ(r.status, 431) << r.error.toStdString();
}

TEST_F(FaultClientTest, OneMegabyteHeaderLineIs431) {
    const QByteArray request =
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(1024 * 1024, 'a') +
        "\r\n\r\n";
    const auto r = raw(request);
    EXPECT_EQ(r.status, 431) << r.error.toStdString();
}

TEST_F(FaultClientTest, InvalidUtf8IsRefusedOrCarriedButNeverCrashes) {
    // In a JSON string: not valid JSON text (RFC 8259 requires UTF-8).
    const QByteArray body =
        "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" +
        QByteArray("\xff\xfe\xc3\x28\xed\xa0\x80") + "\"}]}";
    for (const QByteArray path : {"/v1/chat/completions", "/anthropic/v1/messages"}) {
        const auto r = TestHttpClient::post(gateway.port(), path, body);
        EXPECT_EQ(r.status, 400) << path.constData() << " " << r.body.toStdString();
    }
    // In the model name, a header and the path.
    const auto m = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        "{\"model\":\"mock/\xff\xfe\",\"messages\":[]}");
    EXPECT_EQ(m.status, 400);
    HttpHeaders headers;
    headers.add("X-Name", "\xff\xfe\x80");
    const auto h = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "hi"), headers);
    EXPECT_EQ(h.status, 200);
    const auto p = TestHttpClient::get(gateway.port(), "/v1/\xff\xfe%ff%fe");
    EXPECT_EQ(p.status, 404);
}

TEST_F(FaultClientTest, SlowlorisGets408AndTheConnectionClosed) {
    // One byte at a time, 300 ms apart: the request head never completes
    // within the 1 s header timeout.
    TestHttpClient c;
    ASSERT_TRUE(c.connectTo(gateway.port()));
    const QByteArray request = TestHttpClient::formatRequest("GET", "/health");
    bool closed = false;
    QByteArray received;
    for (int i = 0; i < request.size() - 1 && !closed; ++i) {
        c.send(request.mid(i, 1));
        closed = c.waitForClose(300, &received);
    }
    if (!closed) closed = c.waitForClose(5000, &received);
    EXPECT_TRUE(closed);
    EXPECT_TRUE(received.startsWith("HTTP/1.1 408")) << received.toStdString();
}

TEST_F(FaultClientTest, ConnectionNeverUsedIsClosedByTheIdleTimeout) {
    std::vector<std::unique_ptr<TestHttpClient>> idle;
    for (int i = 0; i < 50; ++i) {
        idle.push_back(std::make_unique<TestHttpClient>());
        ASSERT_TRUE(idle.back()->connectTo(gateway.port()));
    }
    // Other clients are served meanwhile.
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/health").status, 200);
    for (auto &c : idle) EXPECT_TRUE(c->waitForClose(10000));
}

TEST_F(FaultClientTest, ThousandDisconnectsBeforeDuringAndAfterTheResponseAndMidStream) {
    const QByteArray plain = TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                           chatBody("mock/echo", "plain"));
    const QByteArray streamed = TestHttpClient::formatRequest(
        "POST", "/v1/chat/completions",
        chatBody("mock/echo", "one two three four five six seven eight nine ten", true));
    const QByteArray anthropicStreamed = TestHttpClient::formatRequest(
        "POST", "/anthropic/v1/messages",
        R"({"model":"mock/echo","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"a b c d e f g h"}]})");
    int midStream = 0;
    for (int i = 0; i < 1000; ++i) {
        TestHttpClient c;
        ASSERT_TRUE(c.connectTo(gateway.port())) << i;
        switch (i % 5) {
            case 0:  // before: half a request head
                c.send(plain.left(plain.size() / 3));
                break;
            case 1:  // during: the whole request, gone before the answer
                c.send(plain);
                break;
            case 2: {  // after: the answer read, then gone without a word
                c.send(plain);
                EXPECT_EQ(c.readResponse().status, 200) << i;
                break;
            }
            case 3:
            case 4: {  // mid-stream, both client APIs
                c.send(i % 5 == 3 ? streamed : anthropicStreamed);
                TestHttpResponse head;
                ASSERT_TRUE(c.readHead(&head, 15000)) << i << head.error.toStdString();
                EXPECT_EQ(head.status, 200);
                if (c.readBodyPiece(15000).kind == TestBodyPiece::Kind::Data) ++midStream;
                break;
            }
        }
    }  // each client disconnects as it goes out of scope
    EXPECT_EQ(midStream, 400);
}

TEST_F(FaultClientTest, PipelinedRequestsAreAnsweredInOrder) {
    TestHttpClient c;
    ASSERT_TRUE(c.connectTo(gateway.port()));
    QByteArray all;
    for (int i = 0; i < 10; ++i)
        all += TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                             chatBody("mock/echo", QString::number(i)));
    ASSERT_TRUE(c.send(all));
    for (int i = 0; i < 10; ++i) {
        const auto r = c.readResponse();
        ASSERT_EQ(r.status, 200) << i;
        EXPECT_EQ(answerText(r.body), QString::number(i));
    }
}

TEST_F(FaultClientTest, Http10ClientGetsAnAnswerAndAClose) {
    const QByteArray body = chatBody("mock/echo", "old");
    TestHttpClient c;
    ASSERT_TRUE(c.connectTo(gateway.port()));
    ASSERT_TRUE(c.send("POST /v1/chat/completions HTTP/1.0\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n" + body));
    const auto r = c.readResponse();
    EXPECT_EQ(r.version, "HTTP/1.1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(answerText(r.body), "old");
    EXPECT_TRUE(c.waitForClose());
    // Streamed to an HTTP/1.0 client: no chunked encoding, ended by close.
    const QByteArray s = chatBody("mock/echo", "old stream", true);
    TestHttpClient d;
    ASSERT_TRUE(d.connectTo(gateway.port()));
    ASSERT_TRUE(d.send("POST /v1/chat/completions HTTP/1.0\r\nContent-Length: " +
                       QByteArray::number(s.size()) + "\r\n\r\n" + s));
    const auto sr = d.readResponse(15000);
    EXPECT_EQ(sr.status, 200);
    EXPECT_TRUE(sr.closeDelimited);
    EXPECT_EQ(streamedText(sr.body), "old stream");
}

TEST_F(FaultClientTest, AbsurdMethodsAndPathsGetTheirOwnError) {
    // Host is this gateway's, so each request gets past the Host check
    // (which would answer 403 to all of them) to the part that must refuse it.
    struct Case {
        QByteArray request;
        int status;
        const char *code;
    };
    const QByteArray host = "\r\nHost: 127.0.0.1\r\n\r\n";
    const QList<Case> cases = {
        // What http_parser cannot read at all.
        {"BREW /v1/chat/completions HTTP/1.1" + host, 400, "bad_request"},
        {"GET\r\n\r\n", 400, "bad_request"},
        {"GET  HTTP/1.1" + host, 400, "bad_request"},
        {"get /health HTTP/1.1" + host, 400, "bad_request"},
        {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400, "bad_request"},  // TLS
        {"GET /health HTTP/9.9" + host, 505, "bad_request"},
        // A known path with the wrong method.
        {"DELETE /v1/chat/completions HTTP/1.1" + host, 405, "method_not_allowed"},
        {"PATCH /health HTTP/1.1\r\nContent-Length: 0" + host, 405, "method_not_allowed"},
        // No such endpoint: the gateway is no proxy (absolute-form and
        // CONNECT are never forwarded) and serves no asterisk-form.
        {"OPTIONS * HTTP/1.1" + host, 404, "not_found"},
        {"CONNECT evil.example:443 HTTP/1.1" + host, 404, "not_found"},
        {"GET http://evil.example/v1/models HTTP/1.1" + host, 404, "not_found"},
        {"GET /" + QByteArray(30000, 'a') + " HTTP/1.1" + host, 404, "not_found"},
        {"GET /%00%00 HTTP/1.1" + host, 404, "not_found"},
        {"GET /v1/chat/completions%00 HTTP/1.1" + host, 404, "not_found"},
        {"GET /%zz%% HTTP/1.1" + host, 404, "not_found"},
        {"GET ////health HTTP/1.1" + host, 404, "not_found"},
    };
    for (const Case &c : cases) {
        const auto r = raw(c.request);
        EXPECT_EQ(r.status, c.status) << c.request.left(60).toStdString() << " "
                                      << r.error.toStdString() << r.body.left(200).toStdString();
        EXPECT_EQ(errorCode(r), c.code) << c.request.left(60).toStdString();
    }
}

TEST_F(FaultClientTest, PathTraversalInApiFindsNoFile) {
    const QList<QByteArray> paths = {
        "/api/plugins/../../../../etc/passwd",
        "/api/plugins/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/api/plugins/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/plugins/..%5c..%5cetc%5cpasswd",
        "/api/../../etc/passwd",
        "/api/plugins/%2e%2e%2f%2e%2e%2fetc%2fpasswd/logs",
    };
    for (const QByteArray &path : paths) {
        const auto r = TestHttpClient::get(gateway.port(), path);
        EXPECT_EQ(r.status, 404) << path.toStdString() << " " << r.body.toStdString();
        EXPECT_FALSE(r.body.contains("root:")) << path.toStdString();
    }
    // Adding a "plugin" that is any file by a relative path is refused, by
    // the path check itself: the request carries the API token, so it is not
    // the 401 of a request without it. The change runs on the plugin
    // manager's thread (this one): keep its events going.
    HttpHeaders token;
    token.add("Authorization", "Bearer " + gateway.gateway().apiToken().toLatin1());
    TestHttpResponse add;
    std::atomic<bool> done{false};
    std::thread api([&] {
        add = TestHttpClient::post(
            gateway.port(), "/api/plugins",
            R"({"name":"passwd","path":"../../../../../../../../etc/passwd"})", token);
        done = true;
    });
    while (!done) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    api.join();
    EXPECT_EQ(add.status, 400) << add.error.toStdString() << " " << add.body.toStdString();
    EXPECT_FALSE(add.body.contains("root:"));
}
