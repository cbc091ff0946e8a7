#include "AgentSession.h"

#include "http/HttpHeaders.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {

QString agentOf(const HttpHeaders &headers) {
    const QByteArray ua = headers.value("user-agent");
    if (ua.startsWith("claude-cli/") || !headers.value("x-claude-code-session-id").isEmpty())
        return QStringLiteral("claude-code");
    if (ua.startsWith("codex") || headers.value("originator").startsWith("codex"))
        return QStringLiteral("codex");
    if (ua.startsWith("GeminiCLI")) return QStringLiteral("gemini-cli");
    if (ua.startsWith("Agents/")) return QStringLiteral("openai-agents");
    return {};
}

// Ids are the client's text: kept short and printable, so a hostile header
// cannot bloat or garble the log.
QString cleanId(const QByteArray &raw) {
    QString id;
    for (char c : raw.left(128))
        if (c > 0x20 && c < 0x7f) id += QLatin1Char(c);
    return id;
}

// Gemini CLI sends the whole conversation each turn, starting with the same
// first user turn: its hash names the session.
QString firstTurnHash(const QByteArray &body) {
    const QJsonArray contents =
        QJsonDocument::fromJson(body).object().value(QLatin1String("contents")).toArray();
    if (contents.isEmpty()) return {};
    const QByteArray first =
        QJsonDocument(contents.first().toObject()).toJson(QJsonDocument::Compact);
    return QStringLiteral("h-") +
           QString::fromLatin1(
               QCryptographicHash::hash(first, QCryptographicHash::Sha256).toHex().left(24));
}

}  // namespace

AgentSession agentSessionOf(const HttpHeaders &headers, const QByteArray &body) {
    AgentSession s;
    s.agent = agentOf(headers);
    QByteArray id = headers.value("x-gatehouse-session-id");
    if (id.isEmpty() && s.agent == QLatin1String("claude-code"))
        id = headers.value("x-claude-code-session-id");
    if (id.isEmpty() && s.agent == QLatin1String("codex")) id = headers.value("session-id");
    s.id = cleanId(id);
    if (s.id.isEmpty() && s.agent == QLatin1String("gemini-cli")) s.id = firstTurnHash(body);
    return s;
}

}  // namespace gatehouse
