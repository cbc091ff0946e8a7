#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Claude's extended thinking asked for in the canonical (chat-shaped)
// request, for every path that reaches Claude through a translation: the
// Anthropic Messages API (chat, Responses and Gemini clients) and Bedrock's
// Converse. The request asks with Anthropic's own `thinking` object (exact
// budget kept) or with `reasoning_effort` (chat; Responses' reasoning.effort
// and Gemini's thinkingConfig arrive as it). Signed thinking travels in
// assistant messages and stream deltas as `thinking_blocks`, in Anthropic's
// block shapes ({"type":"thinking","thinking","signature"},
// {"type":"redacted_thinking","data"}), so it can be replayed to the model
// that signed it.
namespace gatehouse::anthropic {

inline constexpr int kMinimumThinkingBudget = 1024;  // Anthropic refuses less
inline constexpr int kThinkingAnswerRoom = 4096;     // answer tokens when none are asked

// One of Anthropic's Claude models (also a Bedrock id, inference profile or
// ARN).
bool isClaudeModel(const QString &modelId);

// A Claude model with extended thinking: Claude 3.7 Sonnet and every later
// model. Claude 3, 3.5, 2 and Instant refuse `thinking`.
bool claudeModelThinks(const QString &modelId);

// The thinking budget the request asks for; 0 for none. An enabled
// `thinking` keeps its budget_tokens (at least the minimum);
// `reasoning_effort` maps minimal and low to 1024, medium (and unknown
// efforts) to 4096, high to 16384, none to 0.
int thinkingBudgetFor(const QJsonObject &chat);

// The max_tokens for an answer that thinks `budget` tokens first: Claude
// counts thinking in max_tokens and wants it above the budget, so none asked
// (0) gives budget + 4096 and one at or under the budget budget + it.
qint64 maxTokensWithThinking(int budget, qint64 asked);

// The thinking blocks of an assistant message's `thinking_blocks` that
// Claude takes back, in Anthropic's shapes: signed thinking and redacted
// thinking with its data. Unsigned thinking (another provider's reasoning)
// is only shown, never replayed.
QJsonArray replayableThinkingBlocks(const QJsonArray &thinkingBlocks);

}  // namespace gatehouse::anthropic
