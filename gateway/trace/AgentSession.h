#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse {

class HttpHeaders;

// Which coding agent sent a request, and which of its sessions the request
// is a turn of, so the log can group turns into agent sessions (cost, cache
// hit ratio over a session). From what the agents really send:
//   Claude Code   user-agent claude-cli/…, x-claude-code-session-id
//   Codex         user-agent codex_…, session-id (its thread id)
//   Gemini CLI    user-agent GeminiCLI…, no id: the session is a hash of the
//                 conversation's first turn, which every later turn repeats
//   OpenAI Agents user-agent Agents/…
// Any client may name its session with x-gatehouse-session-id. Requests of
// other clients without one belong to no session.
struct AgentSession {
    QString agent;  // "claude-code", "codex", "gemini-cli", "openai-agents" or ""
    QString id;     // "" when the request is no session's turn
};

// `body` is only read for a Gemini CLI request (its first turn's hash).
AgentSession agentSessionOf(const HttpHeaders &headers, const QByteArray &body);

}  // namespace gatehouse
