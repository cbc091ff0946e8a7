// Upstream-side faults: the provider refuses, hangs, resets mid-body and
// mid-stream, answers errors with and without Retry-After, sends malformed
// JSON or a broken stream, drips events slower than the stream idle
// timeout, or answers 100 MB. Each reaches the client as a clear error (an
// error event once a stream has started) and the gateway keeps serving.
#include "FakeUpstream.h"
#include "FaultChecks.h"
#include "ScriptedTcpServer.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

class FaultUpstreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        ASSERT_TRUE(scripted.start());
        // "closed": a port nobody listens on (the scripted server's, after stop,
        // would race with reuse; port 9 is discard, normally closed on 127.0.0.1).
        const QByteArray config = QStringLiteral(R"({
          "providers": {
            "mock": { "keys": [] },
            "openai": { "keys": [ { "name": "k", "value": "sk-x", "models": ["*"] } ],
                        "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 1,
                                            "stream_idle_timeout_in_seconds": 0.5 } },
            "anthropic": { "keys": [ { "name": "k", "value": "ant-x", "models": ["*"] } ],
                           "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 1,
                                               "stream_idle_timeout_in_seconds": 0.5 } },
            "patient": { "keys": [ { "name": "k", "value": "sk-x", "models": ["*"] } ],
                         "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 60 } },
            "closed": { "keys": [], "network_config": { "base_url": "http://127.0.0.1:9" } },
            "scripted": { "keys": [], "network_config": { "base_url": "http://127.0.0.1:%2",
                                                          "default_request_timeout_in_seconds": 2 } }
          }
        })")
                                      .arg(upstream.baseUrl())
                                      .arg(scripted.port())
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    void TearDown() override {
        expectStillServing(gateway.port());
        expectStillServing(gateway.port(), QStringLiteral("openai/gpt"));
    }

    static QString codeOf(const QByteArray &body) {
        return jsonOf(body).value("error").toObject().value("code").toString();
    }
    TestHttpResponse chat(const QString &model, bool stream = false, int timeoutMs = 20000) {
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody(model, "hi", stream), {}, timeoutMs);
    }
    TestHttpResponse messages(const QString &model, bool stream = false) {
        const QByteArray body =
            QStringLiteral(
                R"({"model":"%1","max_tokens":50,"stream":%2,"messages":[{"role":"user","content":"hi"}]})")
                .arg(model, stream ? "true" : "false")
                .toUtf8();
        return TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", body, {}, 20000);
    }

    // The scripted upstream: a head promising 1000 bytes, 100 of them, then
    // a TCP reset.
    ScriptedTcpServer scripted{[](ScriptedConnection &c) {
        if (c.readRequest().isEmpty()) return;
        c.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" +
            QByteArray("{\"id\":\"x\",\"choices\":[") + QByteArray(78, ' '));
        c.resetConnection();
    }};
    FakeUpstream upstream;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(FaultUpstreamTest, RefusedConnectionIs502) {
    for (bool stream : {false, true}) {
        const auto r = chat("closed/m", stream);
        EXPECT_EQ(r.status, 502) << r.body.toStdString();
        EXPECT_EQ(codeOf(r.body), "upstream_unreachable");
    }
}

TEST_F(FaultUpstreamTest, UpstreamThatNeverAnswersIs504PlainAndStreamed) {
    for (const QString model : {"openai/gpt+latency-4000", "anthropic/claude+latency-4000"}) {
        for (bool stream : {false, true}) {
            const auto r = chat(model, stream);
            EXPECT_EQ(r.status, 504) << model.toStdString() << " " << r.body.toStdString();
            EXPECT_EQ(codeOf(r.body), "upstream_timeout");
        }
    }
}

TEST_F(FaultUpstreamTest, ResetMidBodyIs502) {
    for (bool anthropicClient : {false, true}) {
        const auto r = anthropicClient ? messages("scripted/m") : chat("scripted/m");
        EXPECT_EQ(r.status, 502) << r.body.toStdString();
    }
    EXPECT_GE(scripted.acceptedCount(), 2);
}

TEST_F(FaultUpstreamTest, ResetMidStreamEndsWithAnErrorEventForBothClientApis) {
    for (const QString model : {"openai/gpt+reset-mid-stream+stream-events-6-every-20",
                                "anthropic/claude+reset-mid-stream+stream-events-6-every-20"}) {
        const auto r = chat(model, true);
        ASSERT_EQ(r.status, 200) << model.toStdString();
        const auto events = sseData(r.body);
        ASSERT_FALSE(events.isEmpty());
        EXPECT_TRUE(jsonOf(events.last()).contains("error")) << events.last().toStdString();
        const auto m = messages(model, true);
        ASSERT_EQ(m.status, 200) << model.toStdString();
        const auto anthropicEvents = sseEvents(m.body);
        ASSERT_FALSE(anthropicEvents.isEmpty());
        EXPECT_EQ(anthropicEvents.last().first, "error") << m.body.toStdString();
    }
}

TEST_F(FaultUpstreamTest, ErrorStatusesPassThroughWithAndWithoutRetryAfter) {
    for (int status : {429, 500, 503}) {
        for (bool retryAfter : {false, true}) {
            for (const QString provider : {"openai/gpt", "anthropic/claude"}) {
                QString model = provider + "+status-" + QString::number(status);
                if (retryAfter) model += "+retry-after-7";
                const auto r = chat(model);
                EXPECT_EQ(r.status, status) << model.toStdString();
                EXPECT_EQ(r.header("Retry-After"), retryAfter ? "7" : "") << model.toStdString();
                EXPECT_FALSE(
                    jsonOf(r.body).value("error").toObject().value("message").toString().isEmpty())
                    << r.body.toStdString();
                const auto s = chat(model, true);  // before any event: a plain error
                EXPECT_EQ(s.status, status) << model.toStdString();
            }
        }
    }
}

TEST_F(FaultUpstreamTest, MalformedJsonIs502FromEitherDialect) {
    for (const QString model : {"openai/gpt+malformed-json", "anthropic/claude+malformed-json"}) {
        const auto r = chat(model);
        EXPECT_EQ(r.status, 502) << model.toStdString() << " " << r.body.toStdString();
        EXPECT_EQ(codeOf(r.body), "upstream_protocol_error");
    }
}

TEST_F(FaultUpstreamTest, BrokenSseEndsTheStreamWithAnErrorEvent) {
    const auto r = chat("openai/gpt+broken-sse", true);
    ASSERT_EQ(r.status, 200);
    const auto events = sseData(r.body);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_TRUE(jsonOf(events.last()).contains("error")) << r.body.toStdString();
    // The Anthropic stream's broken event is dropped or ends the stream, never crashes.
    const auto a = chat("anthropic/claude+broken-sse", true);
    EXPECT_EQ(a.status, 200) << a.body.toStdString();
}

TEST_F(FaultUpstreamTest, DripSlowerThanTheStreamIdleTimeoutEndsWithAnErrorEvent) {
    // One event per 2 s against a 0.5 s stream idle timeout.
    for (const QString model : {"openai/gpt+drip-2000", "anthropic/claude+drip-2000"}) {
        const auto r = chat(model, true);
        ASSERT_EQ(r.status, 200) << model.toStdString() << " " << r.body.toStdString();
        const auto events = sseData(r.body);
        ASSERT_FALSE(events.isEmpty()) << model.toStdString();
        const QJsonObject last = jsonOf(events.last());
        EXPECT_TRUE(last.contains("error")) << r.body.toStdString();
    }
    // Dripping faster than the timeout is a live stream: the client leaves
    // after a few events and the upstream request is cancelled.
    TestHttpClient c;
    ASSERT_TRUE(c.connectTo(gateway.port()));
    ASSERT_TRUE(c.send(TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                     chatBody("openai/gpt+drip-100", "hi", true))));
    TestHttpResponse head;
    ASSERT_TRUE(c.readHead(&head));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(c.readBodyPiece().kind, TestBodyPiece::Kind::Data);
}

TEST_F(FaultUpstreamTest, HundredMegabyteAnswerIs502NotBuffered) {
    // A provider with a long timeout: this is about size, not time.
    const auto r = chat("patient/gpt+big-104857600", false, 90000);
    EXPECT_EQ(r.status, 502) << r.error.toStdString();
    EXPECT_EQ(codeOf(r.body), "upstream_response_too_large");
}
