// A chat client streaming from a chat provider, through no stream hooks,
// gets each chunk as the provider wrote it (its key order, escapes and
// fields the gateway does not know), not the chunk written again.
#include "FakeProviders.h"
#include "GatewayHarness.h"
#include "ScriptedTcpServer.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

// The provider's stream, with what a re-written chunk would not keep.
const char kFirst[] =
    R"({"z_vendor":{"x":1},"object":"chat.completion.chunk","id":"c1","created":1,)"
    R"("model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"h\u00e9llo"}}]})";
const char kLast[] =
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],)"
    R"("usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";

}  // namespace

TEST(ChatStreamRelayTest, AChatProvidersChunksReachAChatClientAsWritten) {
    ScriptedTcpServer upstream([](ScriptedConnection &c) {
        if (c.readRequest().isEmpty()) return;
        c.write(QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                  "Connection: close\r\n\r\n") +
                "data: " + kFirst + "\n\n" + "data:" + kLast + "\n\ndata: [DONE]\n\n");
    });
    ASSERT_TRUE(upstream.start());
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(
        test::fakeProvidersConfig(QStringLiteral("http://127.0.0.1:%1").arg(upstream.port())),
        &error))
        << error.toStdString();
    const TestHttpResponse r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        R"({"model":"openai/fake","stream":true,"messages":[{"role":"user","content":"hi"}]})", {},
        20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.body,
              QByteArray("data: ") + kFirst + "\n\ndata: " + kLast + "\n\ndata: [DONE]\n\n");
}
