#pragma once

#include <QJsonObject>

namespace gatehouse {

// An estimate of a canonical chat request's input tokens, for the
// count-tokens endpoints of providers that have none: one token per four
// characters of message text and of the tools' JSON (the rule of thumb of
// OpenAI's and Anthropic's own documentation for English text), at least 1.
int estimateInputTokens(const QJsonObject &chatRequest);

}  // namespace gatehouse
