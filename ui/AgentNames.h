#pragma once

#include <QString>

namespace gatehouse {

// A coding agent's name as people know it ("claude-code" -> "Claude Code"),
// for the agents the request log names (trace/AgentSession.h).
QString agentTitle(const QString &agent);

}  // namespace gatehouse
