// Round trips through the canonical model are lossless for what it models:
// an Anthropic request and answer translated to chat and back, and a
// Responses answer's output read back as the canonical assistant message.
#include "codecs/responses/ResponseToChat.h"
#include "codecs/responses/ResponsesAnswer.h"
#include "codecs/responses/ResponsesShared.h"
#include "translate/AnthropicTranslate.h"

#include "JsonTestUtil.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::jsonValue;

TEST(CodecRoundTrip, AnthropicRequestThroughChatAndBack) {
    const QJsonObject request = json(R"({
        "model":"m","max_tokens":100,"temperature":0.5,"stop_sequences":["END"],
        "system":"Be brief.",
        "tools":[{"name":"get_weather","description":"Weather.",
                  "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
        "tool_choice":{"type":"auto"},
        "messages":[
          {"role":"user","content":[{"type":"text","text":"Weather in Paris?"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
          {"role":"assistant","content":[{"type":"text","text":"Checking."},
            {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny"}]}
        ]})");
    QJsonObject chat, back;
    QString error;
    ASSERT_TRUE(anthropic::messagesRequestToChat(request, &chat, &error)) << error.toStdString();
    ASSERT_TRUE(anthropic::chatRequestToMessages(chat, &back, &error)) << error.toStdString();
    EXPECT_EQ(back["model"], "m");
    EXPECT_EQ(back["max_tokens"], 100);
    EXPECT_EQ(back["temperature"], 0.5);
    EXPECT_EQ(back["stop_sequences"], jsonValue(R"(["END"])"));
    EXPECT_EQ(back["system"].isString() ? back["system"].toString()
                                        : back["system"][0]["text"].toString(),
              "Be brief.");
    EXPECT_EQ(back["tools"][0]["name"], "get_weather");
    EXPECT_EQ(back["tools"][0]["input_schema"], request["tools"][0]["input_schema"]);
    const QJsonArray messages = back["messages"].toArray();
    ASSERT_EQ(messages.size(), 3);
    EXPECT_EQ(messages[0]["content"][0]["text"], "Weather in Paris?");
    EXPECT_EQ(messages[0]["content"][1]["source"]["data"], "AAAA");
    EXPECT_EQ(messages[1]["content"][1]["type"], "tool_use");
    EXPECT_EQ(messages[1]["content"][1]["id"], "toolu_1");
    EXPECT_EQ(messages[1]["content"][1]["input"], jsonValue(R"({"city":"Paris"})"));
    EXPECT_EQ(messages[2]["content"][0]["type"], "tool_result");
    EXPECT_EQ(messages[2]["content"][0]["tool_use_id"], "toolu_1");
}

TEST(CodecRoundTrip, AnthropicAnswerThroughChatAndBack) {
    const QJsonObject answer = json(R"({
        "id":"msg_1","type":"message","role":"assistant","model":"m",
        "content":[{"type":"text","text":"It is sunny."},
                   {"type":"tool_use","id":"toolu_2","name":"get_time","input":{"tz":"CET"}}],
        "stop_reason":"tool_use","stop_sequence":null,
        "usage":{"input_tokens":10,"output_tokens":5}})");
    const QJsonObject back =
        anthropic::chatResponseToMessages(anthropic::messagesResponseToChat(answer));
    EXPECT_EQ(back["content"][0]["text"], "It is sunny.");
    EXPECT_EQ(back["content"][1]["id"], "toolu_2");
    EXPECT_EQ(back["content"][1]["input"], jsonValue(R"({"tz":"CET"})"));
    EXPECT_EQ(back["stop_reason"], "tool_use");
    EXPECT_EQ(back["usage"]["input_tokens"], 10);
    EXPECT_EQ(back["usage"]["output_tokens"], 5);
}

TEST(CodecRoundTrip, ResponsesOutputReadsBackAsTheCanonicalMessage) {
    const QJsonObject chat = json(R"({
        "id":"c","object":"chat.completion","created":1,"model":"m",
        "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
          "content":"Let me check.",
          "tool_calls":[{"id":"call_9","type":"function",
                         "function":{"name":"lookup","arguments":"{\"q\":\"x\"}"}}]}}]})");
    const QJsonObject response = responses::chatToResponse(chat, {});
    const QJsonObject message = responses::assistantMessageFrom(response.value("output").toArray());
    EXPECT_EQ(message, chat["choices"][0]["message"].toObject());
}

// An OpenAI provider's own Responses answer read back for the postHooks.
TEST(CodecRoundTrip, ResponsesAnswerReadsBackAsTheChatCompletion) {
    const QJsonObject chat = json(R"({
        "id":"c","object":"chat.completion","created":1,"model":"m",
        "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
          "content":"Let me check.","reasoning_content":"Think first.",
          "tool_calls":[{"id":"call_9","type":"function",
                         "function":{"name":"lookup","arguments":"{\"q\":\"x\"}"}}]}}],
        "usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10,
                 "prompt_tokens_details":{"cached_tokens":2},
                 "completion_tokens_details":{"reasoning_tokens":3}}})");
    const QJsonObject back = responses::responseToChat(responses::chatToResponse(chat, {}));
    EXPECT_EQ(back["choices"][0]["message"], chat["choices"][0]["message"]);
    EXPECT_EQ(back["choices"][0]["finish_reason"], "tool_calls");
    EXPECT_EQ(back["usage"], chat["usage"]);
}
