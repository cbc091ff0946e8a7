// An Anthropic stream translated to OpenAI chunks and back rebuilds the same message.
#include <gtest/gtest.h>

#include <QJsonDocument>

#include "JsonTestUtil.h"
#include "StreamAccumulators.h"
#include "http/SseParser.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::SseEvent;
using gatehouse::test::AnthropicAccumulator;
using gatehouse::test::json;
namespace anthropic = gatehouse::anthropic;

namespace {

QList<SseEvent> anthropicEvents() {
    const char *events[][2] = {
        {"message_start", R"({"type":"message_start","message":{"id":"msg_1","type":"message",
            "role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":30,"output_tokens":1}}})"},
        {"content_block_start",
         R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"},
        {"content_block_delta",
         R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Two "}})"},
        {"content_block_delta",
         R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"calls."}})"},
        {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
        {"content_block_start",
         R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}})"},
        {"content_block_delta",
         R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\": [1, {\"r\""}})"},
        {"content_block_delta",
         R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":": \"s\"}]}"}})"},
        {"content_block_stop", R"({"type":"content_block_stop","index":1})"},
        {"content_block_start",
         R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"g","input":{}}})"},
        {"content_block_stop", R"({"type":"content_block_stop","index":2})"},
        {"message_delta",
         R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":25}})"},
        {"message_stop", R"({"type":"message_stop"})"}};
    QList<SseEvent> out;
    for (const auto &e : events) out.append({e[0], e[1], {}});
    return out;
}

}  // namespace

TEST(StreamRoundTrip, AnthropicStreamSurvivesChatChunksAndBack) {
    const QList<SseEvent> original = anthropicEvents();
    AnthropicAccumulator direct;
    direct.apply(original);

    anthropic::MessagesStreamToChat toChat("claude-x");
    anthropic::ChatStreamToMessages toMessages("claude-x");
    QList<SseEvent> back;
    for (const SseEvent &e : original)
        for (const QJsonObject &chunk : toChat.onEvent(e.event, json(e.data)))
            back += toMessages.onChunk(chunk);
    ASSERT_TRUE(toChat.finished());
    // The gateway's usage chunk, sent when include_usage was requested.
    back += toMessages.onChunk(
        QJsonObject{{"id", "msg_1"}, {"choices", QJsonArray()}, {"usage", toChat.usage()}});
    back += toMessages.finish();
    AnthropicAccumulator rebuilt;
    rebuilt.apply(back);

    EXPECT_TRUE(rebuilt.stopped());
    EXPECT_EQ(rebuilt.message(), direct.message());
    EXPECT_EQ(rebuilt.message()["content"][1]["input"].toObject(), json(R"({"q":[1,{"r":"s"}]})"));
    EXPECT_EQ(rebuilt.message()["usage"].toObject(),
              json(R"({"input_tokens":30,"output_tokens":25})"));
}
