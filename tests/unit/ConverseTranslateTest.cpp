// Chat completions <-> Bedrock's Converse API, both ways, streamed too.
#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "providers/bedrock/ConverseTranslate.h"
#include "providers/bedrock/EventStreamFramer.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using namespace gatehouse::bedrock;

namespace {

QJsonObject json(const char *text) {
    return QJsonDocument::fromJson(text).object();
}

QJsonObject converse(const char *chat) {
    QJsonObject out;
    QString error;
    EXPECT_TRUE(chatRequestToConverse(json(chat), &out, &error)) << error.toStdString();
    return out;
}

TEST(ConverseRequest, SystemMessagesAndInferenceConfig) {
    const QJsonObject c = converse(R"({"model":"m","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":[{"type":"text","text":"No lists."}]},
        {"role":"user","content":"Hello"}],
        "max_tokens":100,"temperature":0.5,"top_p":0.9,"stop":"END"})");
    EXPECT_EQ(c.value("system").toArray(),
              QJsonArray({QJsonObject{{"text", "Be brief."}}, QJsonObject{{"text", "No lists."}}}));
    EXPECT_EQ(c.value("messages").toArray(),
              QJsonArray({QJsonObject{{"role", "user"},
                                      {"content", QJsonArray{QJsonObject{{"text", "Hello"}}}}}}));
    const QJsonObject inference = c.value("inferenceConfig").toObject();
    EXPECT_EQ(inference.value("maxTokens").toInt(), 100);
    EXPECT_DOUBLE_EQ(inference.value("temperature").toDouble(), 0.5);
    EXPECT_DOUBLE_EQ(inference.value("topP").toDouble(), 0.9);
    EXPECT_EQ(inference.value("stopSequences").toArray(), QJsonArray{"END"});
    EXPECT_FALSE(c.contains("model"));  // in the URL
}

TEST(ConverseRequest, ImagesAsBytes) {
    const QJsonObject c = converse(R"({"messages":[{"role":"user","content":[
        {"type":"text","text":"What is this?"},
        {"type":"image_url","image_url":{"url":"data:image/jpg;base64,QUJD"}}]}]})");
    const QJsonArray content =
        c.value("messages").toArray().at(0).toObject().value("content").toArray();
    ASSERT_EQ(content.size(), 2);
    const QJsonObject image = content.at(1).toObject().value("image").toObject();
    EXPECT_EQ(image.value("format").toString(), "jpeg");
    EXPECT_EQ(image.value("source").toObject().value("bytes").toString(), "QUJD");
}

TEST(ConverseRequest, ImageLinkIsRefusedWithItsPath) {
    QJsonObject out;
    QString error;
    EXPECT_FALSE(chatRequestToConverse(json(R"({"messages":[{"role":"user","content":[
            {"type":"image_url","image_url":{"url":"https://x/cat.png"}}]}]})"),
                                       &out, &error));
    EXPECT_TRUE(error.startsWith("messages[0].content[0].image_url.url")) << error.toStdString();
}

TEST(ConverseRequest, ToolsToolCallsAndResults) {
    const QJsonObject c = converse(R"({"messages":[
        {"role":"user","content":"Weather in Paris?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
            {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},
        {"role":"tool","tool_call_id":"call_1","content":"18C"},
        {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"noon"}]},
        {"role":"user","content":"Thanks"}],
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
            "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
            {"type":"function","function":{"name":"get_time"}}],
        "tool_choice":{"type":"function","function":{"name":"get_weather"}}})");
    const QJsonArray messages = c.value("messages").toArray();
    ASSERT_EQ(messages.size(), 3);  // the tool results and "Thanks" share one user turn
    const QJsonArray assistant = messages.at(1).toObject().value("content").toArray();
    ASSERT_EQ(assistant.size(), 2);
    const QJsonObject use = assistant.at(0).toObject().value("toolUse").toObject();
    EXPECT_EQ(use.value("toolUseId").toString(), "call_1");
    EXPECT_EQ(use.value("name").toString(), "get_weather");
    EXPECT_EQ(use.value("input").toObject(), QJsonObject({{"city", "Paris"}}));
    EXPECT_EQ(assistant.at(1).toObject().value("toolUse").toObject().value("input").toObject(),
              QJsonObject());
    const QJsonObject user = messages.at(2).toObject();
    EXPECT_EQ(user.value("role").toString(), "user");
    const QJsonArray results = user.value("content").toArray();
    ASSERT_EQ(results.size(), 3);
    const QJsonObject result = results.at(0).toObject().value("toolResult").toObject();
    EXPECT_EQ(result.value("toolUseId").toString(), "call_1");
    EXPECT_EQ(result.value("content").toArray(), QJsonArray({QJsonObject{{"text", "18C"}}}));
    EXPECT_EQ(results.at(1).toObject().value("toolResult").toObject().value("content").toArray(),
              QJsonArray({QJsonObject{{"text", "noon"}}}));
    EXPECT_EQ(results.at(2).toObject(), QJsonObject({{"text", "Thanks"}}));

    const QJsonObject tools = c.value("toolConfig").toObject();
    const QJsonArray specs = tools.value("tools").toArray();
    ASSERT_EQ(specs.size(), 2);
    const QJsonObject spec = specs.at(0).toObject().value("toolSpec").toObject();
    EXPECT_EQ(spec.value("name").toString(), "get_weather");
    EXPECT_EQ(spec.value("description").toString(), "Weather");
    EXPECT_EQ(spec.value("inputSchema").toObject().value("json").toObject().value("type"),
              "object");
    // A tool without parameters still gets a schema: Converse requires one.
    EXPECT_EQ(specs.at(1)
                  .toObject()
                  .value("toolSpec")
                  .toObject()
                  .value("inputSchema")
                  .toObject()
                  .value("json")
                  .toObject()
                  .value("type"),
              "object");
    EXPECT_EQ(tools.value("toolChoice").toObject(),
              QJsonObject({{"tool", QJsonObject{{"name", "get_weather"}}}}));
    EXPECT_EQ(converse(R"({"messages":[],"tools":[{"function":{"name":"f"}}],
                         "tool_choice":"required"})")
                  .value("toolConfig")
                  .toObject()
                  .value("toolChoice")
                  .toObject(),
              QJsonObject({{"any", QJsonObject()}}));
}

TEST(ConverseRequest, BadToolArgumentsAreRefused) {
    QJsonObject out;
    QString error;
    EXPECT_FALSE(chatRequestToConverse(json(R"({"messages":[{"role":"assistant","tool_calls":[
            {"id":"c","function":{"name":"f","arguments":"[1]"}}]}]})"),
                                       &out, &error));
    EXPECT_TRUE(error.startsWith("messages[0].tool_calls[0].function.arguments"));
}

TEST(ConverseResponse, TextUsageAndCache) {
    const QJsonObject chat =
        converseResponseToChat(json(R"({"output":{"message":{"role":"assistant","content":[
            {"reasoningContent":{"reasoningText":{"text":"hmm","signature":"s"}}},
            {"text":"Hello"},{"text":" there"}]}},
            "stopReason":"max_tokens",
            "usage":{"inputTokens":10,"outputTokens":5,"totalTokens":15,
                     "cacheReadInputTokens":3,"cacheWriteInputTokens":2}})"),
                               QStringLiteral("claude"));
    EXPECT_EQ(chat.value("object").toString(), "chat.completion");
    EXPECT_EQ(chat.value("model").toString(), "claude");
    const QJsonObject choice = chat.value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("finish_reason").toString(), "length");
    const QJsonObject message = choice.value("message").toObject();
    EXPECT_EQ(message.value("content").toString(), "Hello there");
    EXPECT_EQ(message.value("reasoning_content").toString(), "hmm");
    const QJsonObject usage = chat.value("usage").toObject();
    EXPECT_EQ(usage.value("prompt_tokens").toInt(), 15);
    EXPECT_EQ(usage.value("completion_tokens").toInt(), 5);
    EXPECT_EQ(usage.value("total_tokens").toInt(), 20);
    EXPECT_EQ(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 3);
    EXPECT_EQ(usage.value("cache_creation_input_tokens").toInt(), 2);
}

TEST(ConverseResponse, ToolUseBecomesToolCalls) {
    const QJsonObject chat =
        converseResponseToChat(json(R"({"output":{"message":{"role":"assistant","content":[
            {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},
            "stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":1}})"),
                               QStringLiteral("m"));
    const QJsonObject choice = chat.value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("finish_reason").toString(), "tool_calls");
    const QJsonObject message = choice.value("message").toObject();
    EXPECT_TRUE(message.value("content").isNull());
    const QJsonObject call = message.value("tool_calls").toArray().at(0).toObject();
    EXPECT_EQ(call.value("id").toString(), "tooluse_1");
    EXPECT_EQ(call.value("function").toObject().value("name").toString(), "get_weather");
    EXPECT_EQ(QJsonDocument::fromJson(
                  call.value("function").toObject().value("arguments").toString().toUtf8())
                  .object(),
              QJsonObject({{"city", "Paris"}}));
}

TEST(ConverseResponse, StopReasonsAndErrors) {
    EXPECT_EQ(chatFinishReasonFor("end_turn"), "stop");
    EXPECT_EQ(chatFinishReasonFor("stop_sequence"), "stop");
    EXPECT_EQ(chatFinishReasonFor("tool_use"), "tool_calls");
    EXPECT_EQ(chatFinishReasonFor("guardrail_intervened"), "content_filter");
    EXPECT_EQ(errorMessageFrom(json(R"({"message":"The security token is invalid."})")),
              "The security token is invalid.");
    EXPECT_EQ(errorMessageFrom(json(R"({"Message":"Denied"})")), "Denied");
    EXPECT_TRUE(errorMessageFrom(json("{}")).isEmpty());
}

// Events as a real ConverseStream sends them, through the binary framing.
TEST(ConverseStream, FramedEventsBecomeChunks) {
    const auto frame = [](const QByteArray &type, const char *payload) {
        return aws::encodeEventStreamMessage({{":event-type", type},
                                              {":content-type", "application/json"},
                                              {":message-type", "event"}},
                                             payload);
    };
    const QByteArray stream =
        frame("messageStart", R"({"role":"assistant","p":"abc"})") +
        frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})") +
        frame("contentBlockStop", R"({"contentBlockIndex":0})") +
        frame("contentBlockStart",
              R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"f"}}})") +
        frame("contentBlockDelta",
              R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"a\":"}}})") +
        frame("contentBlockDelta",
              R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"1}"}}})") +
        frame("contentBlockStop", R"({"contentBlockIndex":1})") +
        frame("messageStop", R"({"stopReason":"tool_use"})") +
        frame("metadata", R"({"usage":{"inputTokens":7,"outputTokens":3,"totalTokens":10},
                              "metrics":{"latencyMs":5}})");
    EventStreamFramer framer;
    ConverseStreamToChat translator(QStringLiteral("m"));
    QList<QJsonObject> chunks;
    for (char c : stream)  // one byte at a time
        for (const SseEvent &e : framer.feed(QByteArray(1, c)))
            chunks += translator.onEvent(e.event, QJsonDocument::fromJson(e.data).object());
    ASSERT_TRUE(framer.errorMessage().isEmpty());
    EXPECT_TRUE(translator.finished());
    ASSERT_EQ(chunks.size(), 6);
    const auto delta = [&](int i) {
        return chunks[i].value("choices").toArray().at(0).toObject().value("delta").toObject();
    };
    EXPECT_EQ(delta(0).value("role").toString(), "assistant");
    EXPECT_EQ(delta(1).value("content").toString(), "Hi");
    const QJsonObject start = delta(2).value("tool_calls").toArray().at(0).toObject();
    EXPECT_EQ(start.value("index").toInt(), 0);
    EXPECT_EQ(start.value("id").toString(), "t1");
    EXPECT_EQ(start.value("function").toObject().value("name").toString(), "f");
    EXPECT_EQ(delta(3)
                  .value("tool_calls")
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("function")
                  .toObject()
                  .value("arguments")
                  .toString(),
              "{\"a\":");
    const QJsonObject last = chunks[5];
    EXPECT_EQ(last.value("choices").toArray().at(0).toObject().value("finish_reason").toString(),
              "tool_calls");
    EXPECT_EQ(last.value("usage").toObject().value("prompt_tokens").toInt(), 7);
    EXPECT_EQ(translator.usage().value("total_tokens").toInt(), 10);
    for (const QJsonObject &c : chunks) EXPECT_EQ(c.value("id"), chunks[0].value("id"));
}

TEST(ConverseStream, ExceptionFrameBecomesAnErrorEvent) {
    EventStreamFramer framer;
    const auto events = framer.feed(
        aws::encodeEventStreamMessage({{":message-type", "exception"},
                                       {":exception-type", "throttlingException"},
                                       {":content-type", "application/json"}},
                                      R"({"message":"Too many requests, please wait."})"));
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "exception");
    EXPECT_EQ(events[0].id, "throttlingException");
    EXPECT_EQ(errorMessageFrom(QJsonDocument::fromJson(events[0].data).object()),
              "Too many requests, please wait.");
}

TEST(ConverseStream, BadFrameIsAFramingError) {
    QByteArray frame = aws::encodeEventStreamMessage({{":event-type", "messageStart"}}, "{}");
    frame[frame.size() - 1] = char(frame[frame.size() - 1] ^ 0x5a);
    EventStreamFramer framer;
    EXPECT_TRUE(framer.feed(frame).isEmpty());
    EXPECT_FALSE(framer.errorMessage().isEmpty());
}

}  // namespace

// Anthropic's prompt-cache breakpoints, carried as "cache_control" marks,
// become Converse cachePoint blocks right after what they mark.
TEST(ConverseRequest, CacheMarksBecomeCachePoints) {
    const char *chat = R"({"model":"m","messages":[
        {"role":"system","content":[{"type":"text","text":"S","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function",
            "function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1","content":[{"type":"text","text":"out",
            "cache_control":{"type":"ephemeral"}}]}],
        "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}},
                  "cache_control":{"type":"ephemeral"}}]})";
    const QJsonObject point{{"cachePoint", QJsonObject{{"type", "default"}}}};
    const QJsonObject c = converse(chat);
    EXPECT_EQ(c.value("system").toArray(), QJsonArray({QJsonObject{{"text", "S"}}, point}));
    const QJsonArray messages = c.value("messages").toArray();
    ASSERT_EQ(messages.size(), 3);
    EXPECT_EQ(messages[0].toObject().value("content").toArray(),
              QJsonArray({QJsonObject{{"text", "q"}}, point}));
    const QJsonArray result = messages[2].toObject().value("content").toArray();
    ASSERT_EQ(result.size(), 2);
    EXPECT_TRUE(result[0].toObject().contains("toolResult"));
    EXPECT_EQ(result[1].toObject(), point);
    const QJsonArray tools = c.value("toolConfig").toObject().value("tools").toArray();
    ASSERT_EQ(tools.size(), 2);
    EXPECT_EQ(tools[1].toObject(), point);

    // A model that caches nothing gets none of them.
    QJsonObject plain;
    QString error;
    ASSERT_TRUE(chatRequestToConverse(json(chat), &plain, &error, false)) << error.toStdString();
    EXPECT_FALSE(QJsonDocument(plain).toJson().contains("cachePoint"));
    EXPECT_EQ(plain.value("toolConfig").toObject().value("tools").toArray().size(), 1);
}

TEST(ConverseRequest, WhichModelsTakeCachePoints) {
    EXPECT_TRUE(modelTakesCachePoints("anthropic.claude-3-5-sonnet-20241022-v2:0"));
    EXPECT_TRUE(modelTakesCachePoints(
        "arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-sonnet-4-v1:0"));
    EXPECT_TRUE(modelTakesCachePoints("us.amazon.nova-pro-v1:0"));
    EXPECT_FALSE(modelTakesCachePoints("meta.llama3-70b-instruct-v1:0"));
    EXPECT_FALSE(modelTakesCachePoints("mistral.mistral-large-2402-v1:0"));
}

TEST(ConverseRequest, ToolChoiceNoneLeavesToolsOutUnlessTheConversationHoldsToolBlocks) {
    const QJsonObject fresh = converse(R"({"messages":[{"role":"user","content":"Hi"}],
        "tools":[{"type":"function","function":{"name":"w"}}],"tool_choice":"none"})");
    EXPECT_FALSE(fresh.contains("toolConfig"));

    const QJsonObject used = converse(R"({"messages":[{"role":"user","content":"Hi"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function",
          "function":{"name":"w","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1","content":"ok"}],
        "tools":[{"type":"function","function":{"name":"w"}}],"tool_choice":"none"})");
    const QJsonObject config = used.value("toolConfig").toObject();
    EXPECT_EQ(config.value("tools").toArray().size(), 1);
    EXPECT_FALSE(config.contains("toolChoice"));
}

TEST(ConverseRequest, ToolBlocksWithoutToolsGetTheToolsTheyName) {
    const QJsonObject c = converse(R"({"messages":[{"role":"user","content":"Hi"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"t1","type":"function","function":{"name":"w","arguments":"{}"}},
          {"id":"t2","type":"function","function":{"name":"w","arguments":"{}"}},
          {"id":"t3","type":"function","function":{"name":"v","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1","content":"ok"}]})");
    EXPECT_EQ(c.value("toolConfig").toObject(),
              json(R"({"tools":[{"toolSpec":{"name":"w","inputSchema":{"json":{"type":"object"}}}},
                  {"toolSpec":{"name":"v","inputSchema":{"json":{"type":"object"}}}}]})"));
}
