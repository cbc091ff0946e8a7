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
    if (lastToolCallTurn(messages) >= 0) return std::nullopt;  // results are in: answer
    QString prompt;
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")) == QLatin1String("user")) {
            prompt = textOf(m.value(QLatin1String("content")));
            break;
        }
    }
    QJsonObject chosen = tools.at(0).toObject().value(QLatin1String("function")).toObject();
    qsizetype mentionedAt = -1;
    for (const QJsonValue &t : tools) {
        const QJsonObject function = t.toObject().value(QLatin1String("function")).toObject();
        const QString name = function.value(QLatin1String("name")).toString();
        if (name.isEmpty()) continue;
        const QRegularExpression word(
            QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(name)));
        const QRegularExpressionMatch match = word.match(prompt);
        if (match.hasMatch() && (mentionedAt < 0 || match.capturedStart() < mentionedAt)) {
            chosen = function;
            mentionedAt = match.capturedEnd();
        }
    }
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
