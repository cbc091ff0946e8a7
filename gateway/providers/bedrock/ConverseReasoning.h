#pragma once

#include "translate/ClaudeThinking.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Claude's extended thinking through Converse. The canonical chat request
// asks for reasoning with `reasoning_effort` (chat, Responses and Gemini
// clients) or with Anthropic's own `thinking` object (Messages clients,
// exact budget kept); signed thinking travels in assistant messages and
// stream deltas as `thinking_blocks` (Anthropic's block shapes:
// {"type":"thinking","thinking","signature"} and
// {"type":"redacted_thinking","data"}), so it can be replayed to the model
// that signed it.
namespace gatehouse::bedrock {

// Claude, its thinking models and the budget a request asks for are
// Anthropic's (translate/ClaudeThinking.h) wherever Claude is served.
using anthropic::claudeModelThinks;
using anthropic::isClaudeModel;
using anthropic::thinkingBudgetFor;

// Adds additionalModelRequestFields.thinking {"type":"enabled",
// "budget_tokens": budget} to a Converse request, and makes room for the
// answer: Anthropic wants maxTokens above the budget, so a request without
// maxTokens gets budget + 4096 and one at or under the budget budget + its
// own maxTokens. temperature and topP are left out: Claude refuses them
// with thinking on.
void addThinking(int budget, QJsonObject *converse);

// An assistant message's `thinking_blocks` as Converse reasoningContent
// blocks (reasoningText with its signature, or redactedContent); thinking
// without a signature is left out.
QJsonArray reasoningBlocksFrom(const QJsonArray &thinkingBlocks);

// A Converse reasoningContent object (answer block or stream delta) as a
// thinking block; an empty object when it carries neither a signature nor
// redacted content (nothing to replay).
QJsonObject thinkingBlockFrom(const QJsonObject &reasoningContent);

}  // namespace gatehouse::bedrock
