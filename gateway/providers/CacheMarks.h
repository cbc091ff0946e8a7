#pragma once

#include <QJsonObject>

namespace gatehouse {

// Takes the prompt-cache breakpoints ("cache_control" on content parts and
// tools, carried over from Anthropic Messages requests) out of a canonical
// chat body, for providers that would refuse the unknown field (OpenAI
// answers 400 "Unknown parameter"), with the other Anthropic extensions
// such providers cannot take: the request's "thinking" and assistant
// messages' "thinking_blocks". True when there were any; a body without
// them is only read.
bool removeCacheMarks(QJsonObject *chat);

}  // namespace gatehouse
