#include "CachePrefix.h"

#include "trace/RequestTrace.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {

const QString kCacheControl = QStringLiteral("cache_control");
constexpr int kMaxMessages = 2000;  // a longer conversation is compared on its start

enum class Shape { Messages, Chat, Responses, Gemini };

Shape shapeOf(const QString &endpoint) {
    if (endpoint.contains(QLatin1String("/genai"))) return Shape::Gemini;
    if (endpoint.endsWith(QLatin1String("/responses"))) return Shape::Responses;
    if (endpoint.endsWith(QLatin1String("/messages"))) return Shape::Messages;
    return Shape::Chat;
}

size_t hashOf(const QJsonValue &v) {
    return qHash(v, 0);
}

// A breakpoint's lifetime: Anthropic's default is 5 minutes, "1h" an hour.
int ttlOf(const QJsonObject &marker) {
    return marker.value(QLatin1String("ttl")).toString() == QLatin1String("1h") ? 3600 : 300;
}

// `block` without its cache_control marker, noting the marker at `where`.
QJsonValue unmarked(const QJsonValue &block, const QString &where, CachePrefix *out) {
    if (!block.isObject()) return block;
    QJsonObject o = block.toObject();
    const auto it = o.constFind(kCacheControl);
    if (it == o.constEnd()) return block;
    out->markers << where;
    out->ttlSeconds = qMax(out->ttlSeconds, ttlOf(it->toObject()));
    o.remove(kCacheControl);
    return o;
}

// A string content is shorthand for one text block (Anthropic's system
// and message content, chat's message content): the same tokens to the
// provider's cache. Claude Code writes a message as a marked block on the
// turn that caches it and as a plain string on the next.
QJsonValue asBlocks(const QJsonValue &content) {
    if (!content.isString()) return content;
    return QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                  {QStringLiteral("text"), content}}};
}

// A list of blocks (system, a message's content) without markers.
QJsonValue unmarkedList(const QJsonValue &list, const QString &where, CachePrefix *out) {
    if (!list.isArray()) return unmarked(list, where, out);
    QJsonArray blocks = list.toArray();
    for (qsizetype i = 0; i < blocks.size(); ++i) blocks[i] = unmarked(blocks[i], where, out);
    return blocks;
}

void readTools(const QJsonArray &tools, CachePrefix *out) {
    QJsonArray plain;
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonValue tool = unmarked(tools[i], QStringLiteral("tools[%1]").arg(i), out);
        const QJsonObject o = tool.toObject();
        QString name = o.value(QLatin1String("name")).toString();
        if (name.isEmpty())  // chat's {"type": "function", "function": {"name"}}
            name = o.value(QLatin1String("function"))
                       .toObject()
                       .value(QLatin1String("name"))
                       .toString();
        if (name.isEmpty()) name = o.value(QLatin1String("type")).toString();
        out->toolNames << name;
        out->toolHashes << hashOf(tool);
        plain.append(tool);
    }
    out->tools = hashOf(plain);
}

// `textShorthand`: a string content is read as one text block (asBlocks).
void readMessages(const QJsonArray &messages, const QString &contentKey, bool textShorthand,
                  CachePrefix *out) {
    for (qsizetype i = 0; i < messages.size() && i < kMaxMessages; ++i) {
        const QString where = QStringLiteral("messages[%1]").arg(i);
        QJsonValue message = messages[i];
        if (message.isObject()) {
            QJsonObject o = message.toObject();
            if (o.contains(contentKey)) {
                const QJsonValue content = o.value(contentKey);
                o.insert(contentKey,
                         unmarkedList(textShorthand ? asBlocks(content) : content, where, out));
            }
            message = unmarked(o, where, out);
        }
        out->messages << hashOf(message);
    }
}

void readBody(Shape shape, const QJsonObject &body, CachePrefix *out) {
    switch (shape) {
        case Shape::Messages:
            readTools(body.value(QLatin1String("tools")).toArray(), out);
            out->system = hashOf(unmarkedList(asBlocks(body.value(QLatin1String("system"))),
                                              QStringLiteral("system"), out));
            readMessages(body.value(QLatin1String("messages")).toArray(), QStringLiteral("content"),
                         true, out);
            return;
        case Shape::Chat: {
            readTools(body.value(QLatin1String("tools")).toArray(), out);
            // The leading system/developer messages are the system prompt.
            const QJsonArray all = body.value(QLatin1String("messages")).toArray();
            QJsonArray system, rest;
            for (const QJsonValue &m : all) {
                const QString role = m.toObject().value(QLatin1String("role")).toString();
                if (rest.isEmpty() &&
                    (role == QLatin1String("system") || role == QLatin1String("developer"))) {
                    QJsonObject o = m.toObject();
                    o.insert(QStringLiteral("content"),
                             asBlocks(o.value(QLatin1String("content"))));
                    system.append(o);
                } else
                    rest.append(m);
            }
            out->system = hashOf(system);
            readMessages(rest, QStringLiteral("content"), true, out);
            return;
        }
        case Shape::Responses: {
            readTools(body.value(QLatin1String("tools")).toArray(), out);
            out->system = hashOf(body.value(QLatin1String("instructions")));
            const QJsonValue input = body.value(QLatin1String("input"));
            // A string content stands for an input_text or output_text
            // part, by role: compared as written.
            readMessages(input.isArray() ? input.toArray() : QJsonArray{input},
                         QStringLiteral("content"), false, out);
            return;
        }
        case Shape::Gemini:
            readTools(body.value(QLatin1String("tools")).toArray(), out);
            out->system = hashOf(body.value(QLatin1String("systemInstruction")));
            readMessages(body.value(QLatin1String("contents")).toArray(), QStringLiteral("parts"),
                         false, out);
            return;
    }
}

}  // namespace

std::optional<CachePrefix> cachePrefixOf(const RequestTrace &trace) {
    if (trace.sessionBody.isEmpty()) return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(trace.sessionBody);
    if (!doc.isObject()) return std::nullopt;
    CachePrefix p;
    p.requestId = trace.id;
    p.atMs = trace.startedAtMs;
    p.target = trace.provider + QLatin1Char('/') + trace.model;
    p.ttlSeconds = 0;  // the longest marker's, read below
    readBody(shapeOf(trace.endpoint), doc.object(), &p);
    if (p.ttlSeconds == 0) p.ttlSeconds = 300;  // no marker: automatic caching's few minutes
    p.cached = trace.cachedTokens;
    p.cacheWrite = trace.cacheWriteTokens.value_or(0);
    p.prompt = trace.promptTokens.value_or(0);
    return p;
}

}  // namespace gatehouse
