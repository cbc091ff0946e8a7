// Gemini-shaped answers: a GenerateContentResponse and its SSE stream
// (streamGenerateContent?alt=sse), as Google's API writes them.
#include "FakeShapes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::fake {

namespace {

// Models whose name says so answer with a thought part and count thought
// tokens ("thinking"), and report prompt tokens read from the cache ("cached").
constexpr int kThoughtTokens = 7;
const char kThought[] = "Thinking it over.";

QJsonObject usageMetadata(const FakeRequest &r, int candidates) {
    const bool thinking = r.model.contains("thinking");
    const int thoughts = thinking ? kThoughtTokens : 0;
    QJsonObject usage{{"promptTokenCount", r.promptTokens},
                      {"candidatesTokenCount", candidates},
                      {"totalTokenCount", r.promptTokens + candidates + thoughts}};
    if (thinking) usage.insert("thoughtsTokenCount", thoughts);
    if (r.model.contains("cached")) usage.insert("cachedContentTokenCount", 1);
    return usage;
}

// AI Studio's function calls carry no id.
QJsonObject functionCallPart(const FakeRequest &r) {
    return {{"functionCall",
             QJsonObject{{"name", r.toolName},
                         {"args", QJsonDocument::fromJson(toolArguments(r).toUtf8()).object()}}}};
}

QJsonObject response(const FakeRequest &r, const QByteArray &id, const QJsonArray &parts,
                     const QString &finishReason, const QJsonObject &usage) {
    QJsonObject candidate{{"content", QJsonObject{{"parts", parts}, {"role", "model"}}},
                          {"index", 0}};
    if (!finishReason.isEmpty()) candidate.insert("finishReason", finishReason);
    return {{"candidates", QJsonArray{candidate}},
            {"usageMetadata", usage},
            {"modelVersion", QString::fromUtf8(r.model)},
            {"responseId", QStringLiteral("fake_%1").arg(QString::fromLatin1(id))}};
}

QByteArray sseEvent(const QJsonObject &o) {
    return "data: " + compact(o) + "\r\n\r\n";  // Google ends its events with CRLFs
}

}  // namespace

QByteArray geminiBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool) {
    QJsonArray parts;
    if (r.model.contains("thinking"))
        parts.append(QJsonObject{{"text", QLatin1String(kThought)}, {"thought", true}});
    parts.append(QJsonObject{{"text", text}});
    if (tool) parts.append(functionCallPart(r));
    return compact(
        response(r, id, parts, QStringLiteral("STOP"), usageMetadata(r, fakeTokenCount(text))));
}

StreamParts geminiStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                         const QByteArray &id, bool tool) {
    StreamParts s;
    const QJsonObject running{{"promptTokenCount", r.promptTokens},
                              {"totalTokenCount", r.promptTokens}};
    if (r.model.contains("thinking"))
        s.openers << sseEvent(response(
            r, id, QJsonArray{QJsonObject{{"text", QLatin1String(kThought)}, {"thought", true}}},
            QString(), running));
    for (const QString &p : pieces)
        s.deltas << sseEvent(
            response(r, id, QJsonArray{QJsonObject{{"text", p}}}, QString(), running));
    // The last event: the function call (sent whole), the finish reason and the usage.
    QJsonArray last;
    if (tool) last.append(functionCallPart(r));
    if (last.isEmpty()) last.append(QJsonObject{{"text", ""}});
    s.closers << sseEvent(
        response(r, id, last, QStringLiteral("STOP"), usageMetadata(r, fakeTokenCount(text))));
    return s;
}

}  // namespace gatehouse::fake
