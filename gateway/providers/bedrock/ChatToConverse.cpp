// Canonical chat request -> Converse request body.
#include "ConverseTranslate.h"

#include "ConverseReasoning.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::bedrock {

namespace {

bool fail(QString *error, const QString &path, const QString &why) {
    *error = QStringLiteral("%1: %2").arg(path, why);
    return false;
}

// "data:image/png;base64,AAAA" -> {"image":{"format":"png","source":{"bytes":"AAAA"}}}.
bool imageBlock(const QString &url, QJsonObject *out) {
    if (!url.startsWith(QLatin1String("data:image/"))) return false;
    const qsizetype semicolon = url.indexOf(QLatin1String(";base64,"));
    if (semicolon < 0) return false;
    QString format = url.mid(11, semicolon - 11).toLower();
    if (format == QLatin1String("jpg")) format = QStringLiteral("jpeg");
    *out = {{QStringLiteral("image"),
             QJsonObject{{QStringLiteral("format"), format},
                         {QStringLiteral("source"),
                          QJsonObject{{QStringLiteral("bytes"), url.mid(semicolon + 8)}}}}}};
    return true;
}

// Converse's prompt-cache breakpoint: everything before it is cached. A
// canonical part or tool marked with "cache_control" (Anthropic's
// breakpoint, carried through the translation) is followed by one.
const QJsonObject &cachePoint() {
    static const QJsonObject point{
        {QStringLiteral("cachePoint"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("default")}}}};
    return point;
}

bool marked(const QJsonObject &partOrTool) {
    return partOrTool.value(QLatin1String("cache_control")).isObject();
}

// Whether any part of a content array is a breakpoint.
bool anyMarked(const QJsonValue &content) {
    for (const QJsonValue &part : content.toArray())
        if (marked(part.toObject())) return true;
    return false;
}

// Takes the cachePoint blocks out; true when there were any.
bool withoutCachePoints(QJsonArray *blocks) {
    bool removed = false;
    for (qsizetype i = blocks->size() - 1; i >= 0; --i)
        if (blocks->at(i).toObject().contains(QLatin1String("cachePoint"))) {
            blocks->removeAt(i);
            removed = true;
        }
    return removed;
}

// A message's content (a string or an array of parts) as Converse blocks.
// Blank text is left out: Converse refuses empty text blocks.
bool contentBlocks(const QJsonValue &content, const QString &path, QJsonArray *out,
                   QString *error) {
    if (content.isString()) {
        if (!content.toString().isEmpty())
            out->append(QJsonObject{{QStringLiteral("text"), content.toString()}});
        return true;
    }
    if (content.isNull() || content.isUndefined()) return true;
    if (!content.isArray())
        return fail(error, path, QStringLiteral("expected a string or an array of parts"));
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString partPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            const QString text = part.value(QLatin1String("text")).toString();
            if (!text.isEmpty()) out->append(QJsonObject{{QStringLiteral("text"), text}});
            if (marked(part) && !out->isEmpty()) out->append(cachePoint());
        } else if (type == QLatin1String("image_url")) {
            const QJsonValue image = part.value(QLatin1String("image_url"));
            const QString url = image.isString()
                                    ? image.toString()
                                    : image.toObject().value(QLatin1String("url")).toString();
            QJsonObject block;
            if (!imageBlock(url, &block))
                return fail(error, partPath + QStringLiteral(".image_url.url"),
                            QStringLiteral("Bedrock takes images as base64 data: URLs "
                                           "(data:image/png;base64,...), not links"));
            out->append(block);
            if (marked(part)) out->append(cachePoint());
        } else {
            return fail(
                error, partPath + QStringLiteral(".type"),
                QStringLiteral("Bedrock takes text and image_url parts, not \"%1\"").arg(type));
        }
    }
    return true;
}

// The text of a system message or a tool result (string or text parts).
QString plainText(const QJsonValue &content) {
    if (content.isString()) return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray())
        text += part.toObject().value(QLatin1String("text")).toString();
    return text;
}

// An assistant's tool calls as toolUse blocks; arguments must be a JSON object.
bool toolUseBlocks(const QJsonArray &calls, const QString &path, QJsonArray *out, QString *error) {
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        const QString arguments = function.value(QLatin1String("arguments")).toString();
        QJsonObject input;
        if (!arguments.trimmed().isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8());
            if (!doc.isObject())
                return fail(error, QStringLiteral("%1[%2].function.arguments").arg(path).arg(i),
                            QStringLiteral("expected a JSON object"));
            input = doc.object();
        }
        out->append(QJsonObject{
            {QStringLiteral("toolUse"),
             QJsonObject{{QStringLiteral("toolUseId"), call.value(QLatin1String("id")).toString()},
                         {QStringLiteral("name"), function.value(QLatin1String("name")).toString()},
                         {QStringLiteral("input"), input}}}});
    }
    return true;
}

// Appends blocks to the last turn when it has the same role: Converse wants
// user and assistant turns to alternate.
void addTurn(QJsonArray *messages, const QString &role, const QJsonArray &blocks) {
    if (blocks.isEmpty()) return;
    if (!messages->isEmpty()) {
        QJsonObject last = messages->last().toObject();
        if (last.value(QLatin1String("role")).toString() == role) {
            QJsonArray content = last.value(QLatin1String("content")).toArray();
            for (const QJsonValue &b : blocks) content.append(b);
            last[QStringLiteral("content")] = content;
            (*messages)[messages->size() - 1] = last;
            return;
        }
    }
    messages->append(
        QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), blocks}});
}

QJsonObject toolConfig(const QJsonArray &tools, const QJsonValue &choice) {
    QJsonArray specs;
    for (const QJsonValue &t : tools) {
        const QJsonObject function = t.toObject().value(QLatin1String("function")).toObject();
        QJsonObject schema = function.value(QLatin1String("parameters")).toObject();
        if (schema.isEmpty())
            schema = {{QStringLiteral("type"), QStringLiteral("object")},
                      {QStringLiteral("properties"), QJsonObject()}};
        QJsonObject spec{
            {QStringLiteral("name"), function.value(QLatin1String("name"))},
            {QStringLiteral("inputSchema"), QJsonObject{{QStringLiteral("json"), schema}}}};
        const QString description = function.value(QLatin1String("description")).toString();
        if (!description.isEmpty()) spec[QStringLiteral("description")] = description;
        specs.append(QJsonObject{{QStringLiteral("toolSpec"), spec}});
        if (marked(t.toObject())) specs.append(cachePoint());
    }
    QJsonObject config{{QStringLiteral("tools"), specs}};
    // "none" has no toolChoice: see toolsAllowed.
    if (choice.toString() == QLatin1String("required"))
        config[QStringLiteral("toolChoice")] = QJsonObject{{QStringLiteral("any"), QJsonObject()}};
    else if (choice.toString() == QLatin1String("auto"))
        config[QStringLiteral("toolChoice")] = QJsonObject{{QStringLiteral("auto"), QJsonObject()}};
    else if (choice.isObject())
        config[QStringLiteral("toolChoice")] =
            QJsonObject{{QStringLiteral("tool"),
                         QJsonObject{{QStringLiteral("name"), choice.toObject()
                                                                  .value(QLatin1String("function"))
                                                                  .toObject()
                                                                  .value(QLatin1String("name"))}}}};
    return config;
}

// Whether the request's messages hold toolUse or toolResult blocks.
bool holdsToolBlocks(const QJsonArray &messages) {
    for (const QJsonValue &m : messages)
        for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray())
            if (b.toObject().contains(QLatin1String("toolUse")) ||
                b.toObject().contains(QLatin1String("toolResult")))
                return true;
    return false;
}

// Whether toolConfig goes with the request. Converse has no tool_choice
// "none", and refuses a conversation holding toolUse or toolResult blocks
// without toolConfig. So "none" leaves the tools out when the conversation
// has no tool blocks (the model then cannot call one, as asked); with tool
// blocks the tools stay, without a toolChoice, and the model may still call
// one: the nearest Converse can say.
bool toolsAllowed(const QJsonValue &choice, const QJsonArray &messages) {
    return choice.toString() != QLatin1String("none") || holdsToolBlocks(messages);
}

// toolConfig for a conversation that holds tool blocks but came without
// tools (a summary of an agent's session, say): the tools its toolUse blocks
// name, with any input, since Converse refuses the blocks without toolConfig.
QJsonObject toolConfigFromHistory(const QJsonArray &messages) {
    QJsonArray specs;
    QStringList names;
    for (const QJsonValue &m : messages)
        for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray()) {
            const QString name = b.toObject()
                                     .value(QLatin1String("toolUse"))
                                     .toObject()
                                     .value(QLatin1String("name"))
                                     .toString();
            if (name.isEmpty() || names.contains(name)) continue;
            names << name;
            specs.append(QJsonObject{
                {QStringLiteral("toolSpec"),
                 QJsonObject{{QStringLiteral("name"), name},
                             {QStringLiteral("inputSchema"),
                              QJsonObject{{QStringLiteral("json"),
                                           QJsonObject{{QStringLiteral("type"),
                                                        QStringLiteral("object")}}}}}}}});
        }
    return {{QStringLiteral("tools"), specs}};
}

QJsonObject inferenceConfig(const QJsonObject &chat) {
    QJsonObject config;
    QJsonValue maxTokens = chat.value(QLatin1String("max_completion_tokens"));
    if (!maxTokens.isDouble()) maxTokens = chat.value(QLatin1String("max_tokens"));
    if (maxTokens.isDouble()) config[QStringLiteral("maxTokens")] = maxTokens.toInteger();
    if (chat.value(QLatin1String("temperature")).isDouble())
        config[QStringLiteral("temperature")] = chat.value(QLatin1String("temperature"));
    if (chat.value(QLatin1String("top_p")).isDouble())
        config[QStringLiteral("topP")] = chat.value(QLatin1String("top_p"));
    const QJsonValue stop = chat.value(QLatin1String("stop"));
    if (stop.isString())
        config[QStringLiteral("stopSequences")] = QJsonArray{stop};
    else if (stop.isArray() && !stop.toArray().isEmpty())
        config[QStringLiteral("stopSequences")] = stop;
    return config;
}

}  // namespace

bool modelTakesCachePoints(const QString &modelId) {
    return modelId.contains(QLatin1String("anthropic"), Qt::CaseInsensitive) ||
           modelId.contains(QLatin1String("claude"), Qt::CaseInsensitive) ||
           modelId.contains(QLatin1String("nova"), Qt::CaseInsensitive);
}

bool chatRequestToConverse(const QJsonObject &chat, QJsonObject *request, QString *error,
                           bool cachePoints, bool thinking) {
    QJsonArray system, messages;
    const QJsonArray chatMessages = chat.value(QLatin1String("messages")).toArray();
    for (qsizetype i = 0; i < chatMessages.size(); ++i) {
        const QString path = QStringLiteral("messages[%1]").arg(i);
        const QJsonObject m = chatMessages.at(i).toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        const QJsonValue content = m.value(QLatin1String("content"));
        QJsonArray blocks;
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            const QString text = plainText(content);
            if (!text.isEmpty()) system.append(QJsonObject{{QStringLiteral("text"), text}});
            if (!text.isEmpty() && anyMarked(content)) system.append(cachePoint());
        } else if (role == QLatin1String("user")) {
            if (!contentBlocks(content, path + QStringLiteral(".content"), &blocks, error))
                return false;
            addTurn(&messages, QStringLiteral("user"), blocks);
        } else if (role == QLatin1String("assistant")) {
            // Claude wants its thinking first in the turn, as it answered.
            if (thinking)
                blocks = reasoningBlocksFrom(m.value(QLatin1String("thinking_blocks")).toArray());
            if (!contentBlocks(content, path + QStringLiteral(".content"), &blocks, error) ||
                !toolUseBlocks(m.value(QLatin1String("tool_calls")).toArray(),
                               path + QStringLiteral(".tool_calls"), &blocks, error))
                return false;
            addTurn(&messages, QStringLiteral("assistant"), blocks);
        } else if (role == QLatin1String("tool")) {
            const QString callId = m.value(QLatin1String("tool_call_id")).toString();
            if (callId.isEmpty())
                return fail(error, path + QStringLiteral(".tool_call_id"),
                            QStringLiteral("a tool result must name the call it answers"));
            blocks.append(QJsonObject{
                {QStringLiteral("toolResult"),
                 QJsonObject{
                     {QStringLiteral("toolUseId"), callId},
                     {QStringLiteral("content"),
                      QJsonArray{QJsonObject{{QStringLiteral("text"), plainText(content)}}}}}}});
            if (anyMarked(content)) blocks.append(cachePoint());
            addTurn(&messages, QStringLiteral("user"), blocks);
        } else {
            return fail(error, path + QStringLiteral(".role"),
                        QStringLiteral("unknown role \"%1\"").arg(role));
        }
    }
    if (!cachePoints) {
        withoutCachePoints(&system);
        for (qsizetype i = 0; i < messages.size(); ++i) {
            QJsonObject m = messages.at(i).toObject();
            QJsonArray content = m.value(QLatin1String("content")).toArray();
            if (withoutCachePoints(&content)) {
                m[QStringLiteral("content")] = content;
                messages[i] = m;
            }
        }
    }
    QJsonObject out{{QStringLiteral("messages"), messages}};
    if (!system.isEmpty()) out[QStringLiteral("system")] = system;
    const QJsonObject inference = inferenceConfig(chat);
    if (!inference.isEmpty()) out[QStringLiteral("inferenceConfig")] = inference;
    if (thinking) addThinking(thinkingBudgetFor(chat), &out);
    const QJsonArray tools = chat.value(QLatin1String("tools")).toArray();
    if (!tools.isEmpty() && toolsAllowed(chat.value(QLatin1String("tool_choice")), messages)) {
        QJsonObject config = toolConfig(tools, chat.value(QLatin1String("tool_choice")));
        QJsonArray specs = config.value(QLatin1String("tools")).toArray();
        if (!cachePoints && withoutCachePoints(&specs)) config[QStringLiteral("tools")] = specs;
        out[QStringLiteral("toolConfig")] = config;
    } else if (holdsToolBlocks(messages)) {
        out[QStringLiteral("toolConfig")] = toolConfigFromHistory(messages);
    }
    *request = out;
    return true;
}

}  // namespace gatehouse::bedrock
