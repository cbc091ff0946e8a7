// A request translated to the other format and back keeps its meaning.
#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::test::json;
namespace anthropic = gatehouse::anthropic;

TEST(RequestRoundTrip, AnthropicRequestSurvivesChatAndBack) {
    const QJsonObject original = json(R"({
        "model":"claude-x","max_tokens":512,"system":"Be brief.","stream":true,
        "temperature":0.2,"top_p":0.9,"stop_sequences":["END"],"metadata":{"user_id":"u"},
        "tools":[{"name":"get_weather","description":"d","input_schema":{"type":"object"}}],
        "tool_choice":{"type":"any","disable_parallel_tool_use":true},
        "messages":[
          {"role":"user","content":[{"type":"text","text":"Weather?"},
             {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]},
          {"role":"assistant","content":[{"type":"text","text":"Checking."},
             {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"},
             {"type":"text","text":"And tomorrow?"}]},
          {"role":"assistant","content":"Also sunny."}]})");
    QJsonObject chat, back;
    QString error;
    ASSERT_TRUE(anthropic::messagesRequestToChat(original, &chat, &error)) << error.toStdString();
    ASSERT_TRUE(anthropic::chatRequestToMessages(chat, &back, &error)) << error.toStdString();
    EXPECT_EQ(back, original);
}

TEST(RequestRoundTrip, ChatRequestSurvivesAnthropicAndBack) {
    const QJsonObject original = json(R"({
        "model":"gpt-x","max_tokens":300,"stream":true,"stream_options":{"include_usage":true},
        "temperature":0.5,"top_p":1,"stop":["\n\n"],"user":"u",
        "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],
        "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,
        "messages":[
          {"role":"system","content":"You are terse."},
          {"role":"user","content":[{"type":"text","text":"Look"},
             {"type":"image_url","image_url":{"url":"https://x.test/a.png"}}]},
          {"role":"assistant","content":null,"tool_calls":[
             {"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},
             {"id":"call_2","type":"function","function":{"name":"f","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"one"},
          {"role":"tool","tool_call_id":"call_2","content":"two"},
          {"role":"assistant","content":"Done."}]})");
    QJsonObject messages, back;
    QString error;
    ASSERT_TRUE(anthropic::chatRequestToMessages(original, &messages, &error))
        << error.toStdString();
    ASSERT_TRUE(anthropic::messagesRequestToChat(messages, &back, &error)) << error.toStdString();
    EXPECT_EQ(back, original);
}
