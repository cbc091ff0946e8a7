#pragma once

#include <QJsonObject>

namespace gatehouse {

// Takes the prompt-cache breakpoints ("cache_control" on content parts and
// tools, carried over from Anthropic Messages requests) out of a canonical
// chat body, for providers that would refuse the unknown field (OpenAI
// answers 400 "Unknown parameter"). True when there were any; a body
// without them is only read.
bool removeCacheMarks(QJsonObject *chat);

}  // namespace gatehouse
