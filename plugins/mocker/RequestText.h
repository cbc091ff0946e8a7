// The text a rule matches on and the mock's token estimate counts.
#pragma once

#include <gatehouse/plugin.h>

namespace gatehouse::mocker {

// The last user message of a chat request (text parts joined by newlines),
// or the prompt of a completion request (the last one if several). Empty if
// the request has neither.
QString lastUserText(const PluginRequest &request);

// Every message's (or the prompt's) text, for the usage estimate.
QString allPromptText(const PluginRequest &request);

}  // namespace gatehouse::mocker
