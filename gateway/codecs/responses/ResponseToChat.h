#pragma once

#include <QJsonObject>

namespace gatehouse::responses {

// A Responses API response object as a canonical chat completion: message
// text and refusal, function and custom tool calls, reasoning summaries as
// reasoning_content, status as finish_reason, usage with its details.
QJsonObject responseToChat(const QJsonObject &response);

}  // namespace gatehouse::responses
