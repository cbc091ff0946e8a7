#include "MockTool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace gatehouse {

namespace {

QString textOf(const QJsonValue &content) {
    if (content.isString()) return content.toString();
    QStringList parts;
    for (const auto &part : content.toArray())
        if (part.toObject().value(QLatin1String("type")) == QLatin1String("text"))
            parts << part.toObject().value(QLatin1String("text")).toString();
    return parts.join(QLatin1Char('\n'));
}

QJsonValue valueForSchema(const QJsonObject &schema) {
    const QJsonArray options = schema.value(QLatin1String("enum")).toArray();
    if (!options.isEmpty()) return options.at(0);
    QString type = schema.value(QLatin1String("type")).toString();
    if (schema.value(QLatin1String("type")).isArray())
        type = schema.value(QLatin1String("type")).toArray().at(0).toString();
    if (type == QLatin1String("object")) return argumentsForSchema(schema);
    if (type == QLatin1String("array")) return QJsonArray();
    if (type == QLatin1String("number") || type == QLatin1String("integer")) return 1;
    if (type == QLatin1String("boolean")) return true;
    return QStringLiteral("mock");
}

// The JSON object that starts at the first '{' after `from`, if it parses.
std::optional<QJsonObject> objectAfter(const QString &text, qsizetype from) {
    const qsizetype open = text.indexOf(QLatin1Char('{'), from);
    if (open < 0) return std::nullopt;
    int depth = 0;
    bool inString = false;
    for (qsizetype i = open; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c == QLatin1Char('"'))
            inString = true;
        else if (c == QLatin1Char('{'))
            ++depth;
        else if (c == QLatin1Char('}') && --depth == 0) {
            QJsonParseError error;
            const QJsonDocument doc =
                QJsonDocument::fromJson(text.mid(open, i - open + 1).toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) return std::nullopt;
            return doc.object();
        }
    }
    return std::nullopt;
}

// The messages after the last assistant turn that called tools, or -1.
qsizetype lastToolCallTurn(const QJsonArray &messages) {
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")) == QLatin1String("assistant"))
            return m.value(QLatin1String("tool_calls")).toArray().isEmpty() ? -2 : i;
    }
    return -1;
}

// Claude Code's tool that loads deferred tools (from 2.1.247 with a
// gateway's base URL, MCP tools among them): their schemas are left out
// of "tools", a system message lists their names, and a call with
// {"query": "select:<name>"} makes the next request offer them.
constexpr char kToolSearch[] = "ToolSearch";

// True when every call of the assistant turn `m` was a ToolSearch.
bool onlySearched(const QJsonObject &m) {
    const QJsonArray calls = m.value(QLatin1String("tool_calls")).toArray();
    for (const QJsonValue &c : calls)
        if (c.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")) !=
            QLatin1String(kToolSearch))
            return false;
    return !calls.isEmpty();
}

// Names listed one to a line in the system messages (the deferred tools).
QStringList deferredToolNames(const QJsonArray &messages) {
    static const QRegularExpression nameLine(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.:-]*$"));
    QStringList names;
    for (const QJsonValue &v : messages) {
        const QJsonObject m = v.toObject();
        if (m.value(QLatin1String("role")) != QLatin1String("system")) continue;
        for (const QString &line :
             textOf(m.value(QLatin1String("content"))).split(QLatin1Char('\n')))
            if (nameLine.match(line.trimmed()).hasMatch()) names << line.trimmed();
    }
    return names;
}

// The user's prompt: the last user message (its text parts).
QString promptOf(const QJsonArray &messages) {
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")) == QLatin1String("user"))
            return textOf(m.value(QLatin1String("content")));
    }
    return {};
}

// Where `name`'s first mention in `prompt` as a whole word ends, when it
// starts before `before` (the end of the mention chosen so far; -1: none
// yet); else -1.
qsizetype mentionEnd(const QString &prompt, const QString &name, qsizetype before) {
    const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(name)));
    const QRegularExpressionMatch match = word.match(prompt);
    if (!match.hasMatch() || (before >= 0 && match.capturedStart() >= before)) return -1;
    return match.capturedEnd();
}

}  // namespace

QJsonObject argumentsForSchema(const QJsonObject &schema) {
    QJsonObject args;
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray())
        args.insert(name.toString(), valueForSchema(properties.value(name.toString()).toObject()));
    return args;
}

QString mockToolResultText(const QJsonObject &body) {
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const qsizetype turn = lastToolCallTurn(messages);
    if (turn < 0) return {};
    QStringList results;
    const QJsonArray calls =
        messages.at(turn).toObject().value(QLatin1String("tool_calls")).toArray();
    for (qsizetype i = turn + 1; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")) != QLatin1String("tool")) continue;
        QString name;
        for (const QJsonValue &c : calls)
            if (c.toObject().value(QLatin1String("id")) == m.value(QLatin1String("tool_call_id")))
                name = c.toObject()
                           .value(QLatin1String("function"))
                           .toObject()
                           .value(QLatin1String("name"))
                           .toString();
        results << QStringLiteral("Tool %1 returned: %2")
                       .arg(name, textOf(m.value(QLatin1String("content"))).trimmed());
    }
    return results.join(QLatin1Char('\n'));
}

std::optional<MockToolCall> mockToolCall(const QJsonObject &body) {
    const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
    if (tools.isEmpty()) return std::nullopt;
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const qsizetype turn = lastToolCallTurn(messages);
    // Results are in: answer, unless the calls only loaded deferred tools.
    const bool afterSearch = turn >= 0 && onlySearched(messages.at(turn).toObject());
    if (turn >= 0 && !afterSearch) return std::nullopt;
    const QString prompt = promptOf(messages);
    QJsonObject chosen = tools.at(0).toObject().value(QLatin1String("function")).toObject();
    qsizetype mentionedAt = -1;
    bool searchOffered = false;
    for (const QJsonValue &t : tools) {
        const QJsonObject function = t.toObject().value(QLatin1String("function")).toObject();
        const QString name = function.value(QLatin1String("name")).toString();
        if (name.isEmpty()) continue;
        searchOffered |= name == QLatin1String(kToolSearch);
        const qsizetype end = mentionEnd(prompt, name, mentionedAt);
        if (end >= 0) {
            chosen = function;
            mentionedAt = end;
        }
    }
    if (mentionedAt < 0 && searchOffered && !afterSearch) {
        // The tool is deferred: load it first, as a model would.
        qsizetype deferredAt = -1;
        QString deferred;
        for (const QString &name : deferredToolNames(messages)) {
            const qsizetype end = mentionEnd(prompt, name, deferredAt);
            if (end >= 0) {
                deferred = name;
                deferredAt = end;
            }
        }
        if (!deferred.isEmpty()) {
            const QJsonObject args{{QStringLiteral("query"), QStringLiteral("select:") + deferred}};
            return MockToolCall{
                QLatin1String(kToolSearch),
                QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact))};
        }
    }
    if (afterSearch && mentionedAt < 0) return std::nullopt;  // nothing was loaded: answer
    QJsonObject args;
    const auto given = mentionedAt >= 0 ? objectAfter(prompt, mentionedAt) : std::nullopt;
    if (given)
        args = *given;
    else
        args = argumentsForSchema(chosen.value(QLatin1String("parameters")).toObject());
    return MockToolCall{chosen.value(QLatin1String("name")).toString(),
                        QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact))};
}

}  // namespace gatehouse
