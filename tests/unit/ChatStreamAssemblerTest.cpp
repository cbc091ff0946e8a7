#include "core/ChatStreamAssembler.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {
QJsonObject json(const char *text) {
    return QJsonDocument::fromJson(text).object();
}
}  // namespace

TEST(ChatStreamAssembler, TextDeltasBecomeOneMessageWithUsage) {
    ChatStreamAssembler a;
    a.add(json(
        R"({"id":"c1","object":"chat.completion.chunk","created":5,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"));
    a.add(json(
        R"({"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]})"));
    a.add(json(
        R"({"id":"c1","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]})"));
    a.add(json(
        R"({"id":"c1","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})"));
    const QJsonObject r = a.result();
    EXPECT_EQ(r.value("object").toString(), "chat.completion");
    EXPECT_EQ(r.value("id").toString(), "c1");
    const QJsonObject choice = r.value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("message").toObject().value("content").toString(), "Hello");
    EXPECT_EQ(choice.value("finish_reason").toString(), "stop");
    EXPECT_EQ(r.value("usage").toObject().value("total_tokens").toInt(), 3);
}

TEST(ChatStreamAssembler, ToolCallFragmentsAreJoined) {
    ChatStreamAssembler a;
    a.add(json(
        R"({"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"t1","type":"function","function":{"name":"get","arguments":""}}]}}]})"));
    a.add(json(
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}}]})"));
    a.add(json(
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"finish_reason":"tool_calls"}]})"));
    const QJsonObject message =
        a.result().value("choices").toArray().at(0).toObject().value("message").toObject();
    const QJsonObject call = message.value("tool_calls").toArray().at(0).toObject();
    EXPECT_EQ(call.value("id").toString(), "t1");
    EXPECT_EQ(call.value("function").toObject().value("name").toString(), "get");
    EXPECT_EQ(call.value("function").toObject().value("arguments").toString(), "{\"a\":1}");
    EXPECT_TRUE(message.value("content").isNull());
}

TEST(ChatStreamAssembler, ChunksForAResponseAssembleBackToIt) {
    const QJsonObject response =
        json(R"({"id":"x","object":"chat.completion","created":7,"model":"m",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Cached answer"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}})");
    ChatStreamAssembler a;
    const auto chunks = chunksForResponse(response);
    ASSERT_GE(chunks.size(), 3);
    for (const auto &c : chunks) {
        EXPECT_EQ(c.value("object").toString(), "chat.completion.chunk");
        a.add(c);
    }
    EXPECT_EQ(a.result(), response);
}
