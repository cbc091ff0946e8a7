#include "AgentNames.h"

namespace gatehouse {

QString agentTitle(const QString &agent) {
    if (agent == QLatin1String("claude-code")) return QStringLiteral("Claude Code");
    if (agent == QLatin1String("codex")) return QStringLiteral("Codex");
    if (agent == QLatin1String("gemini-cli")) return QStringLiteral("Gemini CLI");
    if (agent == QLatin1String("openai-agents")) return QStringLiteral("OpenAI Agents");
    return agent.isEmpty() ? QStringLiteral("(other)") : agent;
}

}  // namespace gatehouse
