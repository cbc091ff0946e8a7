#include "AgentSession.h"

#include "http/HttpHeaders.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {

// The fields an agent is told by, found in one pass over the request's
// fields (a look-up each cost a pass of its own, ~600 instructions a
// request together); the first of each name counts, as HttpHeaders::value.
struct AgentFields {
    QByteArrayView userAgent, claudeSession, originator, gatehouseSession, sessionId;

    explicit AgentFields(const HttpHeaders &headers) {
        for (const auto &field : headers.fields()) {
            // Named, not bound: clang 14 lets no lambda capture a structured binding.
            const QByteArray &name = field.first;
            const QByteArray &value = field.second;
            auto is = [&](const char *wanted) { return qstricmp(name.constData(), wanted) == 0; };
            auto take = [&](QByteArrayView &slot) {
                if (slot.isNull())
                    slot = value.isNull() ? QByteArrayView("") : QByteArrayView(value);
            };
            switch (name.size()) {
                case 10:
                    if (is("user-agent"))
                        take(userAgent);
                    else if (is("originator"))
                        take(originator);
                    else if (is("session-id"))
                        take(sessionId);
                    break;
                case 22:
                    if (is("x-gatehouse-session-id")) take(gatehouseSession);
                    break;
                case 24:
                    if (is("x-claude-code-session-id")) take(claudeSession);
                    break;
                default:
                    break;
            }
        }
    }
};

QString agentOf(const AgentFields &f) {
    if (f.userAgent.startsWith("claude-cli/") || !f.claudeSession.isEmpty())
        return QStringLiteral("claude-code");
    if (f.userAgent.startsWith("codex") || f.originator.startsWith("codex"))
        return QStringLiteral("codex");
    if (f.userAgent.startsWith("GeminiCLI")) return QStringLiteral("gemini-cli");
    if (f.userAgent.startsWith("Agents/")) return QStringLiteral("openai-agents");
    return {};
}

// Ids are the client's text: kept short and printable, so a hostile header
// cannot bloat or garble the log.
QString cleanId(QByteArrayView raw) {
    QString id;
    for (char c : raw.first(qMin<qsizetype>(raw.size(), 128)))
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
    const AgentFields f(headers);
    AgentSession s;
    s.agent = agentOf(f);
    QByteArrayView id = f.gatehouseSession;
    if (id.isEmpty() && s.agent == QLatin1String("claude-code")) id = f.claudeSession;
    if (id.isEmpty() && s.agent == QLatin1String("codex")) id = f.sessionId;
    if (!id.isEmpty()) s.id = cleanId(id);
    if (s.id.isEmpty() && s.agent == QLatin1String("gemini-cli")) s.id = firstTurnHash(body);
    return s;
}

}  // namespace gatehouse
