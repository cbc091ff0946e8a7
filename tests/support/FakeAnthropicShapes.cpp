// Anthropic-shaped answers: a Messages API message and its event stream.
#include "FakeShapes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::fake {

namespace {

// Anthropic's usage: the cache's tokens only when the request used it.
QJsonObject usageOf(const FakeRequest &r, int outputTokens) {
    QJsonObject usage{{"input_tokens", r.promptTokens}, {"output_tokens", outputTokens}};
    if (r.cacheRead > 0 || r.cacheWrite > 0) {
        usage.insert("cache_read_input_tokens", r.cacheRead);
        usage.insert("cache_creation_input_tokens", r.cacheWrite);
    }
    return usage;
}

QJsonObject anthropicToolUse(const FakeRequest &r, const QByteArray &id, bool withInput) {
    return {{"type", "tool_use"},
            {"id", QStringLiteral("toolu_fake_%1").arg(QString::fromLatin1(id))},
            {"name", r.toolName},
            {"input", withInput ? QJsonDocument::fromJson(toolArguments(r).toUtf8()).object()
                                : QJsonObject{}}};
}

}  // namespace

QByteArray messageBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool) {
    QJsonArray content{QJsonObject{{"type", "text"}, {"text", text}}};
    if (tool) content.append(anthropicToolUse(r, id, true));
    return compact({{"id", QStringLiteral("msg_fake_%1").arg(QString::fromLatin1(id))},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", QString::fromUtf8(r.model)},
                    {"content", content},
                    {"stop_reason", tool ? "tool_use" : "end_turn"},
                    {"stop_sequence", QJsonValue::Null},
                    {"usage", usageOf(r, fakeTokenCount(text))}});
}

// The event sequence of Anthropic's streaming Messages API.
StreamParts anthropicStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                            const QByteArray &id, bool tool) {
    StreamParts s;
    s.openers << namedEvent(
        "message_start",
        {{"type", "message_start"},
         {"message", QJsonObject{{"id", QStringLiteral("msg_fake_%1").arg(QString::fromLatin1(id))},
                                 {"type", "message"},
                                 {"role", "assistant"},
                                 {"model", QString::fromUtf8(r.model)},
                                 {"content", QJsonArray{}},
                                 {"stop_reason", QJsonValue::Null},
                                 {"stop_sequence", QJsonValue::Null},
                                 {"usage", usageOf(r, 1)}}}});
    s.openers << namedEvent("content_block_start",
                            {{"type", "content_block_start"},
                             {"index", 0},
                             {"content_block", QJsonObject{{"type", "text"}, {"text", ""}}}});
    s.openers << namedEvent("ping", {{"type", "ping"}});
    for (const QString &p : pieces)
        s.deltas << namedEvent("content_block_delta",
                               {{"type", "content_block_delta"},
                                {"index", 0},
                                {"delta", QJsonObject{{"type", "text_delta"}, {"text", p}}}});
    s.closers << namedEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
    if (tool) {
        s.closers << namedEvent("content_block_start",
                                {{"type", "content_block_start"},
                                 {"index", 1},
                                 {"content_block", anthropicToolUse(r, id, false)}});
        QStringList parts{QString()};
        parts << split(toolArguments(r), 2);
        for (const QString &part : parts)
            s.closers << namedEvent(
                "content_block_delta",
                {{"type", "content_block_delta"},
                 {"index", 1},
                 {"delta", QJsonObject{{"type", "input_json_delta"}, {"partial_json", part}}}});
        s.closers << namedEvent("content_block_stop",
                                {{"type", "content_block_stop"}, {"index", 1}});
    }
    s.closers << namedEvent("message_delta",
                            {{"type", "message_delta"},
                             {"delta", QJsonObject{{"stop_reason", tool ? "tool_use" : "end_turn"},
                                                   {"stop_sequence", QJsonValue::Null}}},
                             {"usage", QJsonObject{{"output_tokens", fakeTokenCount(text)}}}});
    s.closers << namedEvent("message_stop", {{"type", "message_stop"}});
    return s;
}

}  // namespace gatehouse::fake
