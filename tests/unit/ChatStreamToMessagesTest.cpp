// Client side streaming: chat.completion.chunk objects -> Anthropic SSE events.
#include <gtest/gtest.h>

#include <QJsonDocument>

#include "JsonTestUtil.h"
#include "StreamAccumulators.h"
#include "http/SseParser.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::SseEvent;
using gatehouse::anthropic::ChatStreamToMessages;
using gatehouse::test::AnthropicAccumulator;
using gatehouse::test::json;
using gatehouse::test::jsonArray;

namespace {

QJsonObject chunk(const char *delta, const char *finishReason = "null") {
    return json(QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,)") +
                R"("model":"gpt-x","choices":[{"index":0,"delta":)" + delta +
                R"(,"finish_reason":)" + finishReason + "}]}");
}

QJsonObject usageChunk(int prompt, int completion) {
    QJsonObject c = chunk("{}");
    c["choices"] = QJsonArray();
    c["usage"] = QJsonObject{{"prompt_tokens", prompt},
                             {"completion_tokens", completion},
                             {"total_tokens", prompt + completion}};
    return c;
}

// An event's data; const, so that [] reads instead of inserting.
const QJsonObject dataOf(const SseEvent &event) {
    return json(event.data);
}

// Events as "name <normalised JSON>", so sequences compare in one assertion.
std::vector<std::string> describe(const QList<SseEvent> &events) {
    std::vector<std::string> out;
    for (const SseEvent &e : events)
        out.push_back(e.event.toStdString() + ' ' +
                      QJsonDocument::fromJson(e.data).toJson(QJsonDocument::Compact).toStdString());
    return out;
}

std::string ev(const char *name, const char *data) {
    return std::string(name) + ' ' +
           QJsonDocument(json(data)).toJson(QJsonDocument::Compact).toStdString();
}

// A stream that has already sent its message_start.
ChatStreamToMessages started() {
    ChatStreamToMessages stream("claude-facing");
    stream.onChunk(chunk(R"({"role":"assistant","content":""})"));
    return stream;
}

QJsonObject toolDelta(int index, const char *id, const char *name, const QString &arguments) {
    QJsonObject call{{"index", index}, {"function", QJsonObject{{"arguments", arguments}}}};
    if (id) {
        call["id"] = id;
        call["type"] = "function";
        QJsonObject function = call["function"].toObject();
        function["name"] = name;
        call["function"] = function;
    }
    QJsonObject c = chunk("{}");
    c["choices"] = QJsonArray{QJsonObject{{"index", 0},
                                          {"delta", QJsonObject{{"tool_calls", QJsonArray{call}}}},
                                          {"finish_reason", QJsonValue()}}};
    return c;
}

// A chunk whose delta carries the given tool_calls array literally.
QJsonObject toolChunk(const char *toolCalls) {
    return chunk((QByteArray(R"({"tool_calls":)") + toolCalls + "}").constData());
}

// Splits text into pieces of `size` characters, cutting tokens and escapes anywhere.
QStringList pieces(const QString &text, int size) {
    QStringList out;
    for (qsizetype i = 0; i < text.size(); i += size) out.append(text.mid(i, size));
    return out;
}

// Streams a reply as an OpenAI server would: role, text, two tool calls with
// arguments in `size`-character fragments, finish_reason, then usage.
QList<QJsonObject> toolCallStream(int size) {
    QList<QJsonObject> chunks{chunk(R"({"role":"assistant","content":""})")};
    for (const QString &piece : pieces("Let me check both cities.", size))
        chunks.append(chunk(QJsonDocument(QJsonObject{{"content", piece}}).toJson().constData()));
    const QString args[2] = {R"({"city": "Oslo", "units": "metric", "note": "a \"quoted\" word"})",
                             R"({"city": "Bergen", "days": [1, 2, 3]})"};
    for (int t = 0; t < 2; ++t) {
        chunks.append(toolDelta(t, t == 0 ? "call_A" : "call_B", "get_weather", ""));
        for (const QString &piece : pieces(args[t], size))
            chunks.append(toolDelta(t, nullptr, nullptr, piece));
    }
    chunks.append(chunk("{}", R"("tool_calls")"));
    chunks.append(usageChunk(120, 45));
    return chunks;
}

// Runs chunks through the translator and the wire format into an SDK-style accumulator.
AnthropicAccumulator accumulate(const QList<QJsonObject> &chunks, ChatStreamToMessages *stream) {
    QList<SseEvent> events;
    for (const QJsonObject &c : chunks) events += stream->onChunk(c);
    events += stream->finish();
    QByteArray wire;
    for (const SseEvent &e : events) wire += gatehouse::formatSseEvent(e.event, e.data);
    gatehouse::SseParser parser;
    AnthropicAccumulator acc;
    acc.apply(parser.feed(wire));
    return acc;
}

const char *kToolCallMessage =
    R"({"id":"chatcmpl-1","type":"message","role":"assistant","model":"claude-facing",
    "content":[{"type":"text","text":"Let me check both cities."},
      {"type":"tool_use","id":"call_A","name":"get_weather","input":{"city":"Oslo","units":"metric","note":"a \"quoted\" word"}},
      {"type":"tool_use","id":"call_B","name":"get_weather","input":{"city":"Bergen","days":[1,2,3]}}],
    "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":45}})";

}  // namespace

TEST(ChatStreamToMessages, FirstChunkGivesMessageStart) {
    ChatStreamToMessages stream("claude-facing");
    EXPECT_EQ(describe(stream.onChunk(chunk(R"({"role":"assistant","content":""})"))),
              (std::vector<std::string>{ev("message_start", R"({"type":"message_start","message":{
                  "id":"chatcmpl-1","type":"message","role":"assistant","model":"claude-facing","content":[],
                  "stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}})")}));
}

TEST(ChatStreamToMessages, EmptyModelTakesChunkModel) {
    ChatStreamToMessages stream("");
    const auto events = stream.onChunk(chunk(R"({"role":"assistant"})"));
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(dataOf(events[0])["message"]["model"], "gpt-x");
}

TEST(ChatStreamToMessages, FirstTextOpensTextBlock) {
    ChatStreamToMessages stream = started();
    EXPECT_EQ(
        describe(stream.onChunk(chunk(R"({"content":"Hel"})"))),
        (std::vector<std::string>{
            ev("content_block_start",
               R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
            ev("content_block_delta",
               R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})")}));
}

TEST(ChatStreamToMessages, LaterTextOnlyAddsDeltas) {
    ChatStreamToMessages stream = started();
    stream.onChunk(chunk(R"({"content":"Hel"})"));
    EXPECT_EQ(describe(stream.onChunk(chunk(R"({"content":"lo"})"))),
              (std::vector<std::string>{
                  ev("content_block_delta", R"({"type":"content_block_delta","index":0,
                  "delta":{"type":"text_delta","text":"lo"}})")}));
}

TEST(ChatStreamToMessages, RoleOnlyAndEmptyChunksProduceNothing) {
    ChatStreamToMessages stream = started();
    EXPECT_TRUE(stream.onChunk(chunk(R"({"content":""})")).isEmpty());
    EXPECT_TRUE(stream.onChunk(chunk("{}")).isEmpty());
}

TEST(ChatStreamToMessages, ToolCallClosesTextAndStartsToolUse) {
    ChatStreamToMessages stream = started();
    stream.onChunk(chunk(R"({"content":"Checking."})"));
    EXPECT_EQ(describe(stream.onChunk(toolDelta(0, "call_1", "get_weather", ""))),
              (std::vector<std::string>{
                  ev("content_block_stop", R"({"type":"content_block_stop","index":0})"),
                  ev("content_block_start", R"({"type":"content_block_start","index":1,
                      "content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}})")}));
}

TEST(ChatStreamToMessages, ArgumentFragmentsBecomeInputJsonDeltas) {
    ChatStreamToMessages stream = started();
    stream.onChunk(toolDelta(0, "call_1", "f", ""));
    EXPECT_EQ(describe(stream.onChunk(toolDelta(0, nullptr, nullptr, R"({"ci)"))),
              (std::vector<std::string>{
                  ev("content_block_delta", R"({"type":"content_block_delta","index":0,
                  "delta":{"type":"input_json_delta","partial_json":"{\"ci"}})")}));
}

TEST(ChatStreamToMessages, ArgumentsInFirstFragmentFollowBlockStart) {
    ChatStreamToMessages stream = started();
    EXPECT_EQ(describe(stream.onChunk(toolDelta(0, "call_1", "f", "{}"))),
              (std::vector<std::string>{
                  ev("content_block_start", R"({"type":"content_block_start","index":0,
                      "content_block":{"type":"tool_use","id":"call_1","name":"f","input":{}}})"),
                  ev("content_block_delta", R"({"type":"content_block_delta","index":0,
                      "delta":{"type":"input_json_delta","partial_json":"{}"}})")}));
}

TEST(ChatStreamToMessages, NewToolIndexClosesPreviousToolBlock) {
    ChatStreamToMessages stream = started();
    stream.onChunk(toolDelta(0, "a", "f", "{}"));
    EXPECT_EQ(describe(stream.onChunk(toolDelta(1, "b", "g", ""))),
              (std::vector<std::string>{
                  ev("content_block_stop", R"({"type":"content_block_stop","index":0})"),
                  ev("content_block_start", R"({"type":"content_block_start","index":1,
                      "content_block":{"type":"tool_use","id":"b","name":"g","input":{}}})")}));
}

TEST(ChatStreamToMessages, ArgumentsArrivingBeforeNameAreHeld) {
    ChatStreamToMessages stream = started();
    EXPECT_TRUE(
        stream
            .onChunk(toolChunk(R"([{"index":0,"id":"call_1","function":{"arguments":"{\"a\""}}])"))
            .isEmpty());
    EXPECT_EQ(describe(stream.onChunk(
                  toolChunk(R"([{"index":0,"function":{"name":"f","arguments":":1}"}}])"))),
              (std::vector<std::string>{
                  ev("content_block_start", R"({"type":"content_block_start","index":0,
                      "content_block":{"type":"tool_use","id":"call_1","name":"f","input":{}}})"),
                  ev("content_block_delta", R"({"type":"content_block_delta","index":0,
                      "delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}})")}));
}

TEST(ChatStreamToMessages, ToolCallWithoutIndexContinuesTheLastCall) {
    ChatStreamToMessages stream = started();
    stream.onChunk(
        toolChunk(R"([{"id":"a","type":"function","function":{"name":"f","arguments":""}}])"));
    EXPECT_EQ(describe(stream.onChunk(toolChunk(R"([{"function":{"arguments":"{}"}}])"))),
              (std::vector<std::string>{ev("content_block_delta", R"({"type":"content_block_delta",
                  "index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}})")}));
}

TEST(ChatStreamToMessages, ToolCallWithoutIdGetsOne) {
    ChatStreamToMessages stream = started();
    const auto events =
        stream.onChunk(toolChunk(R"([{"index":0,"function":{"name":"f","arguments":""}}])"));
    ASSERT_EQ(events.size(), 1);
    EXPECT_TRUE(dataOf(events[0])["content_block"]["id"].toString().startsWith("toolu_"));
}

TEST(ChatStreamToMessages, LateFragmentForEarlierToolGoesToItsBlock) {
    ChatStreamToMessages stream = started();
    stream.onChunk(toolDelta(0, "a", "f", R"({"x":)"));
    stream.onChunk(toolDelta(1, "b", "g", "{}"));
    EXPECT_EQ(describe(stream.onChunk(toolDelta(0, nullptr, nullptr, "1}"))),
              (std::vector<std::string>{ev("content_block_delta", R"({"type":"content_block_delta",
                  "index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}})")}));
}

TEST(ChatStreamToMessages, FinishClosesBlockThenSendsMessageDeltaAndStop) {
    ChatStreamToMessages stream = started();
    stream.onChunk(chunk(R"({"content":"Hi"})"));
    stream.onChunk(chunk("{}", R"("stop")"));
    stream.onChunk(usageChunk(12, 3));
    EXPECT_EQ(describe(stream.finish()),
              (std::vector<std::string>{
                  ev("content_block_stop", R"({"type":"content_block_stop","index":0})"),
                  ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn",
                      "stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":3}})"),
                  ev("message_stop", R"({"type":"message_stop"})")}));
}

TEST(ChatStreamToMessages, FinishWithoutUsageReportsZeroOutputTokens) {
    ChatStreamToMessages stream = started();
    const auto events = stream.finish();
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(dataOf(events[0])["usage"].toObject(), json(R"({"output_tokens":0})"));
}

TEST(ChatStreamToMessages, UsageOnFinishChunkIsUsedToo) {
    ChatStreamToMessages stream = started();
    QJsonObject last = chunk("{}", R"("stop")");
    last["usage"] = json(R"({"prompt_tokens":50,"completion_tokens":9,"total_tokens":59,
        "prompt_tokens_details":{"cached_tokens":30}})");
    stream.onChunk(last);
    EXPECT_EQ(dataOf(stream.finish()[0])["usage"].toObject(),
              json(R"({"input_tokens":20,"cache_read_input_tokens":30,"output_tokens":9})"));
}

struct FinishCase {
    const char *finishReason;
    const char *stopReason;
};

void PrintTo(const FinishCase &c, std::ostream *os) {
    *os << c.finishReason;
}

class FinishReasonToStopReason : public testing::TestWithParam<FinishCase> {};

TEST_P(FinishReasonToStopReason, Maps) {
    ChatStreamToMessages stream = started();
    stream.onChunk(chunk(R"({"content":"x"})", GetParam().finishReason));
    const auto events = stream.finish();
    ASSERT_GE(events.size(), 2);
    EXPECT_EQ(dataOf(events[events.size() - 2])["delta"]["stop_reason"].toString(),
              GetParam().stopReason);
}

INSTANTIATE_TEST_SUITE_P(AllReasons, FinishReasonToStopReason,
                         testing::Values(FinishCase{R"("stop")", "end_turn"},
                                         FinishCase{R"("length")", "max_tokens"},
                                         FinishCase{R"("tool_calls")", "tool_use"},
                                         FinishCase{R"("function_call")", "tool_use"},
                                         FinishCase{R"("content_filter")", "refusal"},
                                         FinishCase{"null", "end_turn"}));

TEST(ChatStreamToMessages, ToolCallsWithFinishReasonStopSayToolUse) {
    ChatStreamToMessages stream = started();
    stream.onChunk(toolDelta(0, "a", "f", "{}"));
    stream.onChunk(chunk("{}", R"("stop")"));
    const auto events = stream.finish();
    EXPECT_EQ(dataOf(events[events.size() - 2])["delta"]["stop_reason"], "tool_use");
}

TEST(ChatStreamToMessages, RefusalDeltaBecomesTextWithRefusalStopReason) {
    ChatStreamToMessages stream = started();
    const auto events = stream.onChunk(chunk(R"({"refusal":"I can't."})", R"("stop")"));
    EXPECT_EQ(dataOf(events.last())["delta"]["text"], "I can't.");
    EXPECT_EQ(dataOf(stream.finish()[1])["delta"]["stop_reason"], "refusal");
}

TEST(ChatStreamToMessages, FinishIsIdempotent) {
    ChatStreamToMessages stream = started();
    EXPECT_FALSE(stream.finish().isEmpty());
    EXPECT_TRUE(stream.finish().isEmpty());
}

TEST(ChatStreamToMessages, ChunksAfterFinishAreIgnored) {
    ChatStreamToMessages stream = started();
    stream.finish();
    EXPECT_TRUE(stream.onChunk(chunk(R"({"content":"late"})")).isEmpty());
}

TEST(ChatStreamToMessages, FinishWithoutChunksIsStillACompleteMessage) {
    ChatStreamToMessages stream("claude-facing");
    const auto events = stream.finish();
    std::vector<std::string> names;
    for (const SseEvent &e : events) names.push_back(e.event.toStdString());
    EXPECT_EQ(names, (std::vector<std::string>{"message_start", "message_delta", "message_stop"}));
    EXPECT_TRUE(dataOf(events[0])["message"]["id"].toString().startsWith("msg_"));
}

TEST(ChatStreamToMessages, UpstreamErrorChunkBecomesErrorEventAndEndsStream) {
    ChatStreamToMessages stream = started();
    EXPECT_EQ(describe(stream.onChunk(
                  json(R"({"error":{"message":"model crashed","type":"server_error"}})"))),
              (std::vector<std::string>{ev("error", R"({"type":"error",
                  "error":{"type":"api_error","message":"model crashed"}})")}));
    EXPECT_TRUE(stream.finish().isEmpty());
}

TEST(ChatStreamToMessages, SdkAccumulatorRebuildsTextAndToolCalls) {
    ChatStreamToMessages stream("claude-facing");
    const AnthropicAccumulator acc = accumulate(toolCallStream(4), &stream);
    EXPECT_TRUE(acc.stopped());
    EXPECT_EQ(acc.message(), json(kToolCallMessage));
}

TEST(ChatStreamToMessages, EveryFragmentSizeRebuildsTheSameMessage) {
    // Size 1 cuts every token, escape sequence and number of the arguments.
    for (int size = 1; size <= 70; ++size) {
        ChatStreamToMessages stream("claude-facing");
        const AnthropicAccumulator acc = accumulate(toolCallStream(size), &stream);
        ASSERT_EQ(acc.message(), json(kToolCallMessage)) << "fragment size " << size;
    }
}

TEST(ChatStreamToMessages, EventSequenceIsWhatAnthropicSends) {
    ChatStreamToMessages stream("claude-facing");
    const AnthropicAccumulator acc = accumulate(toolCallStream(100), &stream);
    EXPECT_EQ(acc.eventNames(),
              (QList<QByteArray>{"message_start", "content_block_start", "content_block_delta",
                                 "content_block_stop", "content_block_start", "content_block_delta",
                                 "content_block_stop", "content_block_start", "content_block_delta",
                                 "content_block_stop", "message_delta", "message_stop"}));
}

TEST(ChatStreamToMessages, StreamedMessageMatchesNonStreamedTranslation) {
    const QJsonObject completion =
        json(R"({"id":"chatcmpl-1","object":"chat.completion","model":"claude-facing",
        "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
          "content":"Let me check both cities.","tool_calls":[
          {"id":"call_A","type":"function","function":{"name":"get_weather",
           "arguments":"{\"city\": \"Oslo\", \"units\": \"metric\", \"note\": \"a \\\"quoted\\\" word\"}"}},
          {"id":"call_B","type":"function","function":{"name":"get_weather",
           "arguments":"{\"city\": \"Bergen\", \"days\": [1, 2, 3]}"}}]}}],
        "usage":{"prompt_tokens":120,"completion_tokens":45,"total_tokens":165}})");
    ChatStreamToMessages stream("claude-facing");
    EXPECT_EQ(accumulate(toolCallStream(3), &stream).message(),
              gatehouse::anthropic::chatResponseToMessages(completion));
}

// Deltas are written straight as bytes: they must be exactly the compact
// JSON of the event's object, for any text (escapes, control characters,
// non-ASCII, a lone surrogate) and for every kind of delta.
TEST(ChatStreamToMessages, DeltasAreTheCompactJsonOfTheirObjects) {
    const QString text =
        QStringLiteral("a\"b\\c\n\t\x01/ é 😀 ") + QChar(0xD800) + QString(40, QLatin1Char('x'));
    QJsonObject call{{"index", 0},
                     {"id", "call_1"},
                     {"function", QJsonObject{{"name", "f"}, {"arguments", text}}}};
    QJsonObject thinking = chunk("{}");
    thinking["choices"] = QJsonArray{QJsonObject{
        {"index", 0},
        {"delta", QJsonObject{{"reasoning_content", text},
                              {"thinking_blocks", QJsonArray{QJsonObject{{"type", "thinking"},
                                                                         {"signature", text}}}}}}}};
    QJsonObject content = chunk("{}");
    content["choices"] =
        QJsonArray{QJsonObject{{"index", 0}, {"delta", QJsonObject{{"content", text}}}}};
    QJsonObject tool = chunk("{}");
    tool["choices"] = QJsonArray{
        QJsonObject{{"index", 0}, {"delta", QJsonObject{{"tool_calls", QJsonArray{call}}}}}};
    call.remove("id");
    call["function"] = QJsonObject{{"arguments", text}};
    QJsonObject moreArguments = chunk("{}");
    moreArguments["choices"] = QJsonArray{
        QJsonObject{{"index", 0}, {"delta", QJsonObject{{"tool_calls", QJsonArray{call}}}}}};

    ChatStreamToMessages stream = started();
    QList<SseEvent> events;
    for (const QJsonObject &c : {thinking, content, tool, moreArguments})
        events += stream.onChunk(c);
    QStringList kinds;
    for (const SseEvent &e : events) {
        if (e.event != "content_block_delta") continue;
        const QJsonObject object = QJsonDocument::fromJson(e.data).object();
        EXPECT_EQ(e.data.toStdString(),
                  QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
        const QJsonObject delta = object.value("delta").toObject();
        kinds << delta.value("type").toString();
        for (const char *field : {"text", "thinking", "signature", "partial_json"}) {
            if (delta.contains(QLatin1String(field))) {
                EXPECT_EQ(delta.value(QLatin1String(field)).toString(), text) << field;
            }
        }
    }
    EXPECT_EQ(kinds, (QStringList{"thinking_delta", "signature_delta", "text_delta",
                                  "input_json_delta", "input_json_delta"}));
}
