// Claude's extended thinking through Bedrock's Converse API: budgets from
// the request's reasoning, signed thinking back and forth.
#include <gtest/gtest.h>

#include "providers/bedrock/ConverseReasoning.h"
#include "providers/bedrock/ConverseTranslate.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using namespace gatehouse::bedrock;

namespace {

QJsonObject json(const char *text) {
    return QJsonDocument::fromJson(text).object();
}

QJsonObject converse(const char *chat, bool claude = true) {
    QJsonObject out;
    QString error;
    EXPECT_TRUE(chatRequestToConverse(json(chat), &out, &error, true, claude))
        << error.toStdString();
    return out;
}

QJsonObject thinkingOf(const QJsonObject &converse) {
    return converse.value("additionalModelRequestFields").toObject().value("thinking").toObject();
}

int maxTokensOf(const QJsonObject &converse) {
    return converse.value("inferenceConfig").toObject().value("maxTokens").toInt();
}

TEST(ConverseReasoning, EffortsBecomeThinkingBudgets) {
    const std::pair<const char *, int> cases[] = {
        {"minimal", 1024}, {"low", 1024}, {"medium", 4096}, {"high", 16384}};
    for (const auto &[effort, budget] : cases) {
        const QJsonObject chat{{"reasoning_effort", effort}};
        EXPECT_EQ(thinkingBudgetFor(chat), budget) << effort;
    }
    EXPECT_EQ(thinkingBudgetFor(json(R"({"reasoning_effort":"none"})")), 0);
    EXPECT_EQ(thinkingBudgetFor(json("{}")), 0);
}

TEST(ConverseReasoning, AnthropicThinkingKeepsItsBudget) {
    EXPECT_EQ(thinkingBudgetFor(json(R"({"thinking":{"type":"enabled","budget_tokens":31999}})")),
              31999);
    // Below Anthropic's minimum, the minimum.
    EXPECT_EQ(thinkingBudgetFor(json(R"({"thinking":{"type":"enabled","budget_tokens":10}})")),
              1024);
    EXPECT_EQ(
        thinkingBudgetFor(json(R"({"thinking":{"type":"disabled"},"reasoning_effort":"high"})")),
        0);
}

TEST(ConverseReasoning, ClaudeGetsThinkingWithRoomForTheAnswer) {
    const QJsonObject none = converse(R"({"messages":[{"role":"user","content":"Hi"}],
        "reasoning_effort":"high"})");
    EXPECT_EQ(thinkingOf(none), json(R"({"type":"enabled","budget_tokens":16384})"));
    EXPECT_EQ(maxTokensOf(none), 16384 + 4096);  // no max_tokens asked

    const QJsonObject small = converse(R"({"messages":[{"role":"user","content":"Hi"}],
        "reasoning_effort":"low","max_tokens":500,"temperature":0.2,"top_p":0.5})");
    EXPECT_EQ(maxTokensOf(small), 1024 + 500);  // at most the budget: the budget added
    // Claude takes no temperature or top_p with thinking.
    EXPECT_EQ(small.value("inferenceConfig").toObject().keys(), QStringList{"maxTokens"});

    const QJsonObject roomy = converse(R"({"messages":[{"role":"user","content":"Hi"}],
        "thinking":{"type":"enabled","budget_tokens":2000},"max_tokens":8000})");
    EXPECT_EQ(thinkingOf(roomy), json(R"({"type":"enabled","budget_tokens":2000})"));
    EXPECT_EQ(maxTokensOf(roomy), 8000);  // already above it: as asked
}

TEST(ConverseReasoning, OtherModelsGetNoThinking) {
    const QJsonObject c = converse(R"({"messages":[{"role":"user","content":"Hi"},
        {"role":"assistant","content":"Hello","thinking_blocks":[
          {"type":"thinking","thinking":"hmm","signature":"c2ln"}]},
        {"role":"user","content":"Again"}],"reasoning_effort":"high"})",
                                   false);
    EXPECT_FALSE(c.contains("additionalModelRequestFields"));
    EXPECT_FALSE(c.contains("inferenceConfig"));
    EXPECT_EQ(c.value("messages").toArray().at(1).toObject().value("content").toArray(),
              QJsonArray({QJsonObject{{"text", "Hello"}}}));
}

TEST(ConverseReasoning, WhichModelsAreClaude) {
    EXPECT_TRUE(isClaudeModel("anthropic.claude-3-7-sonnet-20250219-v1:0"));
    EXPECT_TRUE(isClaudeModel("us.anthropic.claude-sonnet-4-20250514-v1:0"));
    EXPECT_TRUE(
        isClaudeModel("arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-x"));
    EXPECT_FALSE(isClaudeModel("amazon.nova-pro-v1:0"));
    EXPECT_FALSE(isClaudeModel("meta.llama3-8b-instruct-v1:0"));
}

TEST(ConverseReasoning, SignedThinkingGoesBackFirstInTheTurn) {
    const QJsonObject c = converse(R"({"messages":[{"role":"user","content":"Weather?"},
        {"role":"assistant","content":null,
         "thinking_blocks":[{"type":"thinking","thinking":"Call it.","signature":"c2ln"},
                            {"type":"redacted_thinking","data":"cmVk"},
                            {"type":"thinking","thinking":"unsigned, from elsewhere","signature":""}],
         "tool_calls":[{"id":"t1","type":"function","function":{"name":"w","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1","content":"sunny"}],
        "tools":[{"type":"function","function":{"name":"w"}}]})");
    const QJsonArray turn =
        c.value("messages").toArray().at(1).toObject().value("content").toArray();
    ASSERT_EQ(turn.size(), 3);
    EXPECT_EQ(
        turn.at(0).toObject(),
        json(R"({"reasoningContent":{"reasoningText":{"text":"Call it.","signature":"c2ln"}}})"));
    EXPECT_EQ(turn.at(1).toObject(), json(R"({"reasoningContent":{"redactedContent":"cmVk"}})"));
    EXPECT_TRUE(turn.at(2).toObject().contains("toolUse"));
}

TEST(ConverseReasoning, AnswerKeepsSignaturesAsThinkingBlocks) {
    const QJsonObject chat =
        converseResponseToChat(json(R"({"output":{"message":{"role":"assistant",
        "content":[{"reasoningContent":{"reasoningText":{"text":"Let me think.","signature":"c2lnMQ=="}}},
                   {"reasoningContent":{"redactedContent":"cmVkYWN0ZWQ="}},
                   {"text":"42"}]}},"stopReason":"end_turn",
        "usage":{"inputTokens":3,"outputTokens":5}})"),
                               "claude");
    const QJsonObject message =
        chat.value("choices").toArray().at(0).toObject().value("message").toObject();
    EXPECT_EQ(message.value("content").toString(), "42");
    EXPECT_EQ(message.value("reasoning_content").toString(), "Let me think.");
    EXPECT_EQ(message.value("thinking_blocks").toArray(), QJsonDocument::fromJson(R"([
        {"type":"thinking","thinking":"Let me think.","signature":"c2lnMQ=="},
        {"type":"redacted_thinking","data":"cmVkYWN0ZWQ="}])")
                                                              .array());

    // An Anthropic client gets the blocks signed, in order, before the text.
    const QJsonObject messages = anthropic::chatResponseToMessages(chat);
    EXPECT_EQ(messages.value("content").toArray(), QJsonDocument::fromJson(R"([
        {"type":"thinking","thinking":"Let me think.","signature":"c2lnMQ=="},
        {"type":"redacted_thinking","data":"cmVkYWN0ZWQ="},
        {"type":"text","text":"42"}])")
                                                       .array());
}

TEST(ConverseReasoning, StreamedSignatureAndRedactedBlock) {
    ConverseStreamToChat stream("claude");
    QList<QJsonObject> chunks;
    const auto feed = [&](const char *type, const char *data) {
        chunks += stream.onEvent(type, json(data));
    };
    feed("messageStart", R"({"role":"assistant"})");
    feed("contentBlockDelta",
         R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Think"}}})");
    feed("contentBlockDelta",
         R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"c2ln"}}})");
    feed("contentBlockStop", R"({"contentBlockIndex":0})");
    feed("contentBlockDelta",
         R"({"contentBlockIndex":1,"delta":{"reasoningContent":{"redactedContent":"cmVk"}}})");
    feed("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"text":"Done"}})");
    feed("messageStop", R"({"stopReason":"end_turn"})");
    feed("metadata", R"({"usage":{"inputTokens":1,"outputTokens":2}})");
    ASSERT_EQ(chunks.size(), 6);
    const auto delta = [&](int i) {
        return chunks.at(i).value("choices").toArray().at(0).toObject().value("delta").toObject();
    };
    EXPECT_EQ(delta(1).value("reasoning_content").toString(), "Think");
    EXPECT_EQ(delta(2).value("thinking_blocks").toArray(), QJsonDocument::fromJson(R"([
        {"type":"thinking","thinking":"","signature":"c2ln"}])")
                                                               .array());
    EXPECT_EQ(delta(3).value("thinking_blocks").toArray(), QJsonDocument::fromJson(R"([
        {"type":"redacted_thinking","data":"cmVk"}])")
                                                               .array());

    // As Anthropic events: the thinking block gets its signature, then the
    // redacted block, then the text.
    anthropic::ChatStreamToMessages messages("claude");
    QList<QJsonObject> blockEvents;  // content_block_* events, in order
    for (const QJsonObject &chunk : chunks)
        for (const SseEvent &e : messages.onChunk(chunk))
            if (e.event.startsWith("content_block"))
                blockEvents << QJsonDocument::fromJson(e.data).object();
    ASSERT_EQ(blockEvents.size(), 8);
    EXPECT_EQ(blockEvents.at(0)["content_block"].toObject(),
              json(R"({"type":"thinking","thinking":"","signature":""})"));
    EXPECT_EQ(blockEvents.at(1)["delta"].toObject(),
              json(R"({"type":"thinking_delta","thinking":"Think"})"));
    EXPECT_EQ(blockEvents.at(2)["delta"].toObject(),
              json(R"({"type":"signature_delta","signature":"c2ln"})"));
    EXPECT_EQ(blockEvents.at(3), json(R"({"type":"content_block_stop","index":0})"));
    EXPECT_EQ(blockEvents.at(4), json(R"({"type":"content_block_start","index":1,
        "content_block":{"type":"redacted_thinking","data":"cmVk"}})"));
    EXPECT_EQ(blockEvents.at(5), json(R"({"type":"content_block_stop","index":1})"));
    EXPECT_EQ(blockEvents.at(6)["content_block"].toObject()["type"], "text");
    EXPECT_EQ(blockEvents.at(6)["index"], 2);
}

}  // namespace
