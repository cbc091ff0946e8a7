// Provider side streaming: Anthropic SSE events -> chat.completion.chunk objects.
#include <gtest/gtest.h>

#include <QJsonDocument>

#include "JsonTestUtil.h"
#include "StreamAccumulators.h"
#include "http/SseParser.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::SseParser;
using gatehouse::anthropic::MessagesStreamToChat;
using gatehouse::test::ChatAccumulator;
using gatehouse::test::json;

namespace {

const char *kMessageStart =
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",
        "model":"claude-upstream","content":[],"stop_reason":null,"stop_sequence":null,
        "usage":{"input_tokens":472,"output_tokens":2}}})";

QList<QJsonObject> send(MessagesStreamToChat &stream, const char *event, const char *data) {
    return stream.onEvent(event, json(data));
}

// A started stream, its message_start chunk already taken.
MessagesStreamToChat started(const QString &model = "gpt-facing") {
    MessagesStreamToChat stream(model);
    send(stream, "message_start", kMessageStart);
    return stream;
}

QJsonObject onlyDelta(const QList<QJsonObject> &chunks) {
    EXPECT_EQ(chunks.size(), 1);
    return chunks.value(0)["choices"][0]["delta"].toObject();
}

// What api.anthropic.com sends for "Okay, checking." plus a get_weather call.
const QByteArray kAnthropicStream = R"(event: message_start
data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_read_input_tokens":0,"output_tokens":2}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, "}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"checking."}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\", \"unit\": \"fahr"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"enheit\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

)";

// Parses SSE bytes (fed in the given pieces) and translates every event.
ChatAccumulator translate(const QList<QByteArray> &pieces, MessagesStreamToChat *stream) {
    SseParser parser;
    ChatAccumulator acc;
    for (const QByteArray &piece : pieces)
        for (const gatehouse::SseEvent &event : parser.feed(piece))
            acc.apply(stream->onEvent(event.event, QJsonDocument::fromJson(event.data).object()));
    return acc;
}

}  // namespace

TEST(MessagesStreamToChat, MessageStartGivesAssistantRoleChunk) {
    MessagesStreamToChat stream("gpt-facing");
    const QList<QJsonObject> chunks = send(stream, "message_start", kMessageStart);
    ASSERT_EQ(chunks.size(), 1);
    QJsonObject chunk = chunks[0];
    EXPECT_GT(chunk["created"].toInteger(), 1700000000);
    chunk.remove("created");
    EXPECT_EQ(chunk, json(R"({"id":"msg_1","object":"chat.completion.chunk","model":"gpt-facing",
        "choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"));
}

TEST(MessagesStreamToChat, EmptyModelTakesUpstreamModel) {
    MessagesStreamToChat stream("");
    EXPECT_EQ(send(stream, "message_start", kMessageStart)[0]["model"], "claude-upstream");
}

TEST(MessagesStreamToChat, EveryChunkSharesIdAndCreated) {
    MessagesStreamToChat stream = started();
    const QJsonObject a = send(
        stream, "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}})")[0];
    const QJsonObject b = send(
        stream, "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"b"}})")[0];
    EXPECT_EQ(a["id"], "msg_1");
    EXPECT_EQ(b["id"], "msg_1");
    EXPECT_EQ(a["created"], b["created"]);
}

TEST(MessagesStreamToChat, EmptyTextBlockStartProducesNothing) {
    MessagesStreamToChat stream = started();
    EXPECT_TRUE(
        send(
            stream, "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})")
            .isEmpty());
}

TEST(MessagesStreamToChat, TextDeltaBecomesContent) {
    MessagesStreamToChat stream = started();
    const auto chunks = send(
        stream, "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})");
    EXPECT_EQ(onlyDelta(chunks), json(R"({"content":"Hello"})"));
    EXPECT_TRUE(chunks[0]["choices"][0]["finish_reason"].isNull());
}

TEST(MessagesStreamToChat, ToolUseStartBecomesToolCallCountingFromZero) {
    MessagesStreamToChat stream = started();
    // Block 1 follows a text block, but it is the message's first tool call.
    const auto chunks =
        send(stream, "content_block_start", R"({"type":"content_block_start","index":1,
        "content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}})");
    EXPECT_EQ(onlyDelta(chunks), json(R"({"tool_calls":[{"index":0,"id":"toolu_1","type":"function",
        "function":{"name":"get_weather","arguments":""}}]})"));
}

TEST(MessagesStreamToChat, InputJsonDeltaBecomesArgumentsFragment) {
    MessagesStreamToChat stream = started();
    send(stream, "content_block_start", R"({"type":"content_block_start","index":1,
        "content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}})");
    const auto chunks =
        send(stream, "content_block_delta", R"({"type":"content_block_delta","index":1,
        "delta":{"type":"input_json_delta","partial_json":"{\"ci"}})");
    EXPECT_EQ(onlyDelta(chunks),
              json(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]})"));
}

TEST(MessagesStreamToChat, EmptyInputJsonDeltaProducesNothing) {
    MessagesStreamToChat stream = started();
    send(stream, "content_block_start", R"({"type":"content_block_start","index":0,
        "content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}})");
    EXPECT_TRUE(send(stream, "content_block_delta", R"({"type":"content_block_delta","index":0,
        "delta":{"type":"input_json_delta","partial_json":""}})")
                    .isEmpty());
}

TEST(MessagesStreamToChat, SecondToolUseGetsIndexOne) {
    MessagesStreamToChat stream = started();
    send(stream, "content_block_start", R"({"type":"content_block_start","index":0,
        "content_block":{"type":"tool_use","id":"a","name":"f","input":{}}})");
    send(stream, "content_block_start", R"({"type":"content_block_start","index":1,
        "content_block":{"type":"tool_use","id":"b","name":"g","input":{}}})");
    const auto chunks =
        send(stream, "content_block_delta", R"({"type":"content_block_delta","index":1,
        "delta":{"type":"input_json_delta","partial_json":"{}"}})");
    EXPECT_EQ(onlyDelta(chunks),
              json(R"({"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]})"));
}

TEST(MessagesStreamToChat, ThinkingDeltaBecomesReasoningContent) {
    MessagesStreamToChat stream = started();
    EXPECT_EQ(
        onlyDelta(send(stream, "content_block_delta", R"({"type":"content_block_delta","index":0,
        "delta":{"type":"thinking_delta","thinking":"Hmm"}})")),
        json(R"({"reasoning_content":"Hmm"})"));
}

// The signature closes the thinking: a signed block without text (the text
// came as reasoning_content), as Bedrock's stream gives it; redacted
// thinking comes whole when its block starts.
TEST(MessagesStreamToChat, SignatureAndRedactedThinkingBecomeThinkingBlocks) {
    MessagesStreamToChat stream = started();
    EXPECT_EQ(
        onlyDelta(send(stream, "content_block_delta", R"({"type":"content_block_delta","index":0,
        "delta":{"type":"signature_delta","signature":"abc"}})")),
        json(R"({"thinking_blocks":[{"type":"thinking","thinking":"","signature":"abc"}]})"));
    EXPECT_EQ(
        onlyDelta(send(stream, "content_block_start", R"({"type":"content_block_start","index":1,
        "content_block":{"type":"redacted_thinking","data":"opaque"}})")),
        json(R"({"thinking_blocks":[{"type":"redacted_thinking","data":"opaque"}]})"));
}

TEST(MessagesStreamToChat, PingAndBlockStopProduceNothing) {
    MessagesStreamToChat stream = started();
    EXPECT_TRUE(send(stream, "ping", R"({"type":"ping"})").isEmpty());
    EXPECT_TRUE(
        send(stream, "content_block_stop", R"({"type":"content_block_stop","index":0})").isEmpty());
}

TEST(MessagesStreamToChat, MessageDeltaGivesFinishReasonAndUsage) {
    MessagesStreamToChat stream = started();
    const auto chunks = send(stream, "message_delta", R"({"type":"message_delta",
        "delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}})");
    ASSERT_EQ(chunks.size(), 1);
    EXPECT_EQ(chunks[0]["choices"][0].toObject(),
              json(R"({"index":0,"delta":{},"finish_reason":"stop"})"));
    EXPECT_EQ(chunks[0]["usage"].toObject(),
              json(R"({"prompt_tokens":472,"completion_tokens":15,"total_tokens":487})"));
}

TEST(MessagesStreamToChat, ToolUseStopReasonBecomesToolCalls) {
    MessagesStreamToChat stream = started();
    EXPECT_EQ(
        send(stream, "message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use"},
        "usage":{"output_tokens":1}})")[0]["choices"][0]["finish_reason"],
        "tool_calls");
}

TEST(MessagesStreamToChat, MaxTokensStopReasonBecomesLength) {
    MessagesStreamToChat stream = started();
    EXPECT_EQ(send(stream, "message_delta",
                   R"({"type":"message_delta","delta":{"stop_reason":"max_tokens"},
        "usage":{"output_tokens":1}})")[0]["choices"][0]["finish_reason"],
              "length");
}

TEST(MessagesStreamToChat, UsageCountsCacheTokensAsPrompt) {
    MessagesStreamToChat stream("m");
    send(stream, "message_start", R"({"type":"message_start","message":{"id":"x","usage":
        {"input_tokens":3,"cache_read_input_tokens":100,"cache_creation_input_tokens":7,"output_tokens":1}}})");
    EXPECT_EQ(stream.usage(), json(R"({"prompt_tokens":110,"completion_tokens":1,"total_tokens":111,
        "prompt_tokens_details":{"cached_tokens":100},"cache_creation_input_tokens":7})"));
}

TEST(MessagesStreamToChat, MessageDeltaUsageUpdatesOnlyFieldsItHas) {
    MessagesStreamToChat stream("m");
    send(stream, "message_start", R"({"type":"message_start","message":{"id":"x","usage":
        {"input_tokens":3,"cache_read_input_tokens":100,"output_tokens":1}}})");
    send(stream, "message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},
        "usage":{"input_tokens":4,"cache_read_input_tokens":null,"output_tokens":20}})");
    EXPECT_EQ(stream.usage(),
              json(R"({"prompt_tokens":104,"completion_tokens":20,"total_tokens":124,
        "prompt_tokens_details":{"cached_tokens":100}})"));
}

TEST(MessagesStreamToChat, MessageStopFinishes) {
    MessagesStreamToChat stream = started();
    EXPECT_FALSE(stream.finished());
    EXPECT_TRUE(send(stream, "message_stop", R"({"type":"message_stop"})").isEmpty());
    EXPECT_TRUE(stream.finished());
    EXPECT_FALSE(stream.hasError());
}

TEST(MessagesStreamToChat, ErrorEventSetsError) {
    MessagesStreamToChat stream = started();
    EXPECT_TRUE(
        send(stream, "error",
             R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
            .isEmpty());
    EXPECT_TRUE(stream.hasError());
    EXPECT_EQ(stream.errorType(), "overloaded_error");
    EXPECT_EQ(stream.errorMessage(), "Overloaded");
    EXPECT_FALSE(stream.finished());
}

TEST(MessagesStreamToChat, EventTypeFromDataWhenNameMissing) {
    MessagesStreamToChat stream = started();
    EXPECT_EQ(onlyDelta(stream.onEvent({}, json(R"({"type":"content_block_delta","index":0,
        "delta":{"type":"text_delta","text":"x"}})"))),
              json(R"({"content":"x"})"));
}

TEST(MessagesStreamToChat, UnknownEventsProduceNothing) {
    MessagesStreamToChat stream = started();
    EXPECT_TRUE(send(stream, "future_event", R"({"type":"future_event"})").isEmpty());
}

TEST(MessagesStreamToChat, FullStreamAccumulatesToCompletion) {
    MessagesStreamToChat stream("gpt-facing");
    const ChatAccumulator acc = translate({kAnthropicStream}, &stream);
    EXPECT_EQ(acc.role, "assistant");
    EXPECT_EQ(acc.content, "Okay, checking.");
    ASSERT_EQ(acc.toolCalls.size(), 1);
    EXPECT_EQ(acc.toolCalls[0].id, "toolu_01");
    EXPECT_EQ(acc.toolCalls[0].name, "get_weather");
    EXPECT_EQ(json(acc.toolCalls[0].arguments.toUtf8()),
              json(R"({"location":"San Francisco, CA","unit":"fahrenheit"})"));
    EXPECT_EQ(acc.finishReason, "tool_calls");
    EXPECT_EQ(acc.usage,
              json(R"({"prompt_tokens":472,"completion_tokens":89,"total_tokens":561})"));
    EXPECT_TRUE(stream.finished());
}

TEST(MessagesStreamToChat, EverySplitOfTheByteStreamGivesTheSameCompletion) {
    for (qsizetype split = 1; split < kAnthropicStream.size(); ++split) {
        MessagesStreamToChat stream("gpt-facing");
        const ChatAccumulator acc =
            translate({kAnthropicStream.left(split), kAnthropicStream.mid(split)}, &stream);
        ASSERT_EQ(acc.content, "Okay, checking.") << "split at " << split;
        ASSERT_EQ(acc.toolCalls.value(0).arguments,
                  R"({"location": "San Francisco, CA", "unit": "fahrenheit"})")
            << "split at " << split;
        ASSERT_EQ(acc.finishReason, "tool_calls") << "split at " << split;
        ASSERT_TRUE(stream.finished()) << "split at " << split;
    }
}
