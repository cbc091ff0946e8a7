// Which Claude models think, by the names Anthropic, Bedrock and Vertex give
// them, the room an answer needs above its thinking budget, and which
// thinking goes back to Claude.
#include <gtest/gtest.h>

#include "translate/ClaudeThinking.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse::anthropic;

TEST(ClaudeThinking, ModelsFromClaude37OnThink) {
    for (const char *model :
         {"claude-3-7-sonnet-20250219", "claude-sonnet-4-5", "claude-opus-4-1-20250805",
          "claude-haiku-4-5", "anthropic.claude-3-7-sonnet-20250219-v1:0",
          "us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-opus-4@20250514",
          "arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-opus-4-v1:0"})
        EXPECT_TRUE(claudeModelThinks(model)) << model;
    for (const char *model :
         {"claude-3-5-sonnet-20241022", "claude-3-5-haiku-latest", "claude-3-haiku-20240307",
          "anthropic.claude-3-haiku-20240307-v1:0", "claude-3-opus@20240229",
          "anthropic.claude-v2:1", "claude-2.1", "claude-instant-1.2", "gpt-5", "gemini-2.5-pro",
          "amazon.nova-pro-v1:0"})
        EXPECT_FALSE(claudeModelThinks(model)) << model;
}

TEST(ClaudeThinking, MaxTokensLeaveRoomAboveTheBudget) {
    EXPECT_EQ(maxTokensWithThinking(4096, 0), 4096 + kThinkingAnswerRoom);
    EXPECT_EQ(maxTokensWithThinking(4096, 1000), 4096 + 1000);
    EXPECT_EQ(maxTokensWithThinking(4096, 4096), 4096 + 4096);
    EXPECT_EQ(maxTokensWithThinking(4096, 20000), 20000);
}

TEST(ClaudeThinking, OnlySignedAndRedactedThinkingIsReplayed) {
    const QJsonArray blocks = QJsonDocument::fromJson(R"([
        {"type": "thinking", "thinking": "Signed.", "signature": "sig-1", "extra": 1},
        {"type": "thinking", "thinking": "Another model's reasoning."},
        {"type": "thinking", "thinking": "Empty signature.", "signature": ""},
        {"type": "redacted_thinking", "data": "opaque"},
        {"type": "redacted_thinking"},
        {"type": "text", "text": "not thinking"},
        "not an object"
    ])")
                                  .array();
    const QJsonArray replayed = replayableThinkingBlocks(blocks);
    EXPECT_EQ(QJsonDocument(replayed).toJson(QJsonDocument::Compact),
              QByteArray(R"([{"signature":"sig-1","thinking":"Signed.","type":"thinking"},)"
                         R"({"data":"opaque","type":"redacted_thinking"}])"));
    EXPECT_TRUE(replayableThinkingBlocks({}).isEmpty());
}
