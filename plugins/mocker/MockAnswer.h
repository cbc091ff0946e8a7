// OpenAI-shaped answers carrying a mock text.
#pragma once

#include <gatehouse/plugin.h>

namespace gatehouse::mocker {

// A chat.completion for /v1/chat/completions, a text_completion for
// /v1/completions; usage is estimated at four characters a token, like the
// mock provider's, so token-counting plugins see plausible numbers.
QJsonObject mockAnswer(const PluginRequest &request, const QString &text);

// Endpoints a text answer has a shape for (not embeddings).
bool canAnswerWithText(const PluginRequest &request);

}  // namespace gatehouse::mocker
