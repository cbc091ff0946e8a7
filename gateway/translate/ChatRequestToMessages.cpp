// Provider side: an OpenAI chat completion request -> an Anthropic Messages request.
#include <QJsonArray>

#include "AnthropicShared.h"
#include "AnthropicTranslate.h"
#include "ClaudeThinking.h"

namespace gatehouse::anthropic {

using namespace detail;

namespace {

// Anthropic requires max_tokens; OpenAI clients usually leave it out.
constexpr int kDefaultMaxTokens = 4096;

struct Turn {
    QString role;  // "user" or "assistant"
    QJsonArray blocks;
};

QJsonObject textBlock(const QString &text) {
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

// "data:image/png;base64,AAAA" -> ("image/png", "AAAA"). Only base64 data URLs
// have an Anthropic form.
bool parseDataUrl(const QString &url, const QString &path, QString *mediaType, QString *data,
                  QString *error) {
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    const QString header = url.mid(5, comma - 5);  // after "data:"
    if (comma < 0 || !header.endsWith(QLatin1String(";base64")))
        return fail(error, path, QStringLiteral("expected a base64 data URL"));
    *mediaType = header.section(QLatin1Char(';'), 0, 0);
    *data = url.mid(comma + 1);
    if (mediaType->isEmpty())
        return fail(error, path, QStringLiteral("data URL has no media type"));
    return true;
}

bool imageBlock(const QJsonObject &part, const QString &path, QJsonObject *block, QString *error) {
    // Some clients send "image_url": "<url>" instead of {"url": "<url>"}.
    const QJsonValue imageUrl = part.value(QLatin1String("image_url"));
    QString urlPath = field(path, "image_url");
    QString url;
    if (imageUrl.isString()) {
        url = imageUrl.toString();
    } else if (imageUrl.isObject()) {
        if (!requireString(imageUrl.toObject(), urlPath, "url", &url, error)) return false;
        urlPath = field(urlPath, "url");
    } else {
        return fail(error, urlPath, QStringLiteral("expected an object with a url"));
    }
    QJsonObject source;
    if (url.startsWith(QLatin1String("data:"))) {
        QString mediaType, data;
        if (!parseDataUrl(url, urlPath, &mediaType, &data, error)) return false;
        source = {{QStringLiteral("type"), QStringLiteral("base64")},
                  {QStringLiteral("media_type"), mediaType},
                  {QStringLiteral("data"), data}};
    } else {
        source = {{QStringLiteral("type"), QStringLiteral("url")}, {QStringLiteral("url"), url}};
    }
    *block = {{QStringLiteral("type"), QStringLiteral("image")},
              {QStringLiteral("source"), source}};
    return true;
}

// An OpenAI file part with inline data (a PDF) -> an Anthropic document block.
bool documentBlock(const QJsonObject &part, const QString &path, QJsonObject *block,
                   QString *error) {
    const QJsonObject file = part.value(QLatin1String("file")).toObject();
    const QString filePath = field(path, "file");
    if (!file.value(QLatin1String("file_data")).isString())
        return fail(
            error, field(filePath, "file_data"),
            QStringLiteral("expected a base64 data URL (uploaded file ids are not supported)"));
    QString mediaType, data;
    if (!parseDataUrl(file.value(QLatin1String("file_data")).toString(),
                      field(filePath, "file_data"), &mediaType, &data, error))
        return false;
    *block = {
        {QStringLiteral("type"), QStringLiteral("document")},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                               {QStringLiteral("media_type"), mediaType},
                                               {QStringLiteral("data"), data}}}};
    if (file.value(QLatin1String("filename")).isString())
        (*block)[QStringLiteral("title")] = file.value(QLatin1String("filename"));
    return true;
}

// Content parts -> Anthropic blocks. `allowed` lists the part types this role may use.
bool partsToBlocks(const QJsonValue &content, const QString &path, const QStringList &allowed,
                   QJsonArray *blocks, QString *error) {
    if (content.isUndefined() || content.isNull()) return true;
    if (content.isString()) {
        // Anthropic rejects empty text blocks.
        if (!content.toString().isEmpty()) blocks->append(textBlock(content.toString()));
        return true;
    }
    if (!content.isArray())
        return fail(error, path, QStringLiteral("expected a string or an array of content parts"));
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString partPath = at(path, i);
        if (!parts.at(i).isObject())
            return fail(error, partPath, QStringLiteral("expected a content part object"));
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (!allowed.contains(type))
            return fail(
                error, field(partPath, "type"),
                QStringLiteral("expected one of: %1").arg(allowed.join(QLatin1String(", "))));
        QJsonObject block;
        if (type == QLatin1String("text") || type == QLatin1String("refusal")) {
            QString text;
            if (!requireString(part, partPath, type == QLatin1String("text") ? "text" : "refusal",
                               &text, error))
                return false;
            if (text.isEmpty()) continue;
            block = textBlock(text);
        } else if (type == QLatin1String("image_url")) {
            if (!imageBlock(part, partPath, &block, error)) return false;
        } else if (type == QLatin1String("file")) {
            if (!documentBlock(part, partPath, &block, error)) return false;
        }
        // A prompt-cache breakpoint on the part (the canonical model's
        // "cache_control", as OpenAI-format clients of Anthropic write it).
        const QJsonValue mark = part.value(QLatin1String("cache_control"));
        if (mark.isObject()) block.insert(QStringLiteral("cache_control"), mark);
        blocks->append(block);
    }
    return true;
}

bool systemText(const QJsonValue &content, const QString &path, QJsonArray *system,
                QString *error) {
    return partsToBlocks(content, path, {QStringLiteral("text")}, system, error);
}

// The system prompt: its texts joined, or its blocks when one of them is a
// prompt-cache breakpoint (which a joined text would lose).
QJsonValue systemValue(const QJsonArray &blocks) {
    QStringList texts;
    for (const QJsonValue &block : blocks) {
        if (block.toObject().contains(QLatin1String("cache_control"))) return blocks;
        texts.append(block.toObject().value(QLatin1String("text")).toString());
    }
    return texts.join(QLatin1String("\n\n"));
}

bool toolCallBlocks(const QJsonValue &value, const QString &path, QJsonArray *blocks,
                    QString *error) {
    if (value.isUndefined() || value.isNull()) return true;
    if (!value.isArray()) return fail(error, path, QStringLiteral("expected an array"));
    const QJsonArray calls = value.toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString callPath = at(path, i);
        const QJsonObject call = calls.at(i).toObject();
        if (!calls.at(i).isObject())
            return fail(error, callPath, QStringLiteral("expected a tool call object"));
        const QJsonValue function = call.value(QLatin1String("function"));
        if (!function.isObject())
            return fail(error, field(callPath, "function"), QStringLiteral("expected an object"));
        QString id, name;
        if (!requireString(call, callPath, "id", &id, error) ||
            !requireString(function.toObject(), field(callPath, "function"), "name", &name, error))
            return false;
        blocks->append(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("input"),
                         toolInputFrom(function.toObject().value(QLatin1String("arguments")))}});
    }
    return true;
}

bool toolResultBlock(const QJsonObject &message, const QString &path, QJsonObject *block,
                     QString *error) {
    QString id;
    if (!requireString(message, path, "tool_call_id", &id, error)) return false;
    *block = {{QStringLiteral("type"), QStringLiteral("tool_result")},
              {QStringLiteral("tool_use_id"), id}};
    const QJsonValue content = message.value(QLatin1String("content"));
    if (content.isString()) {
        if (!content.toString().isEmpty()) (*block)[QStringLiteral("content")] = content;
        return true;
    }
    QJsonArray blocks;
    if (!partsToBlocks(content, field(path, "content"),
                       {QStringLiteral("text"), QStringLiteral("image_url")}, &blocks, error))
        return false;
    // Anthropic takes a result's breakpoint on the tool_result, not inside it.
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        QJsonObject inner = blocks.at(i).toObject();
        const QJsonValue mark = inner.take(QLatin1String("cache_control"));
        if (mark.isUndefined()) continue;
        (*block)[QStringLiteral("cache_control")] = mark;
        blocks[i] = inner;
    }
    if (!blocks.isEmpty()) (*block)[QStringLiteral("content")] = blocks;
    return true;
}

// Splits the messages into system text and Anthropic turns. Every system and
// developer message joins `system`, wherever it stands: Anthropic has no
// system turns.
bool convertMessages(const QJsonValue &value, bool thinking, QJsonArray *system, QList<Turn> *turns,
                     QString *error) {
    if (!value.isArray())
        return fail(error, QStringLiteral("messages"), QStringLiteral("expected an array"));
    const QJsonArray messages = value.toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString path = at(QStringLiteral("messages"), i);
        if (!messages.at(i).isObject())
            return fail(error, path, QStringLiteral("expected a message object"));
        const QJsonObject message = messages.at(i).toObject();
        if (!message.value(QLatin1String("role")).isString())
            return fail(error, field(path, "role"), QStringLiteral("expected a string"));
        const QString role = message.value(QLatin1String("role")).toString();
        const QJsonValue content = message.value(QLatin1String("content"));
        const QString contentPath = field(path, "content");
        Turn turn;
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            if (!systemText(content, contentPath, system, error)) return false;
            continue;
        } else if (role == QLatin1String("user")) {
            turn.role = role;
            if (!partsToBlocks(
                    content, contentPath,
                    {QStringLiteral("text"), QStringLiteral("image_url"), QStringLiteral("file")},
                    &turn.blocks, error))
                return false;
        } else if (role == QLatin1String("assistant")) {
            turn.role = role;
            // Signed thinking the message carries (as the gateway's answers
            // from Claude give it), first in its turn as Claude wants it back.
            if (thinking)
                turn.blocks = replayableThinkingBlocks(
                    message.value(QLatin1String("thinking_blocks")).toArray());
            if (!partsToBlocks(content, contentPath,
                               {QStringLiteral("text"), QStringLiteral("refusal")}, &turn.blocks,
                               error) ||
                !toolCallBlocks(message.value(QLatin1String("tool_calls")),
                                field(path, "tool_calls"), &turn.blocks, error))
                return false;
        } else if (role == QLatin1String("tool")) {
            turn.role = QStringLiteral("user");
            QJsonObject block;
            if (!toolResultBlock(message, path, &block, error)) return false;
            turn.blocks.append(block);
        } else {
            return fail(
                error, field(path, "role"),
                QStringLiteral("expected \"system\", \"developer\", \"user\", \"assistant\" or "
                               "\"tool\", got \"%1\"")
                    .arg(role));
        }
        // Anthropic rejects empty turns and requires roles to alternate, so
        // empty messages go and consecutive same-role ones (e.g. several tool
        // results) merge.
        if (turn.blocks.isEmpty()) continue;
        if (!turns->isEmpty() && turns->last().role == turn.role) {
            for (const QJsonValue &block : std::as_const(turn.blocks))
                turns->last().blocks.append(block);
        } else {
            turns->append(turn);
        }
    }
    return true;
}

bool convertTools(const QJsonValue &value, QJsonArray *tools, QString *error) {
    if (!value.isArray())
        return fail(error, QStringLiteral("tools"), QStringLiteral("expected an array"));
    const QJsonArray in = value.toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString path = at(QStringLiteral("tools"), i);
        const QJsonObject tool = in.at(i).toObject();
        if (!in.at(i).isObject())
            return fail(error, path, QStringLiteral("expected a tool object"));
        if (tool.value(QLatin1String("type")) != QLatin1String("function"))
            return fail(error, field(path, "type"), QStringLiteral("expected \"function\""));
        const QJsonValue functionValue = tool.value(QLatin1String("function"));
        const QString functionPath = field(path, "function");
        if (!functionValue.isObject())
            return fail(error, functionPath, QStringLiteral("expected an object"));
        const QJsonObject function = functionValue.toObject();
        QString name;
        if (!requireString(function, functionPath, "name", &name, error)) return false;
        // OpenAI lets a function omit its parameters; Anthropic requires a schema.
        QJsonObject schema = function.value(QLatin1String("parameters")).toObject();
        if (schema.isEmpty())
            schema = {{QStringLiteral("type"), QStringLiteral("object")},
                      {QStringLiteral("properties"), QJsonObject()}};
        QJsonObject converted{{QStringLiteral("name"), name},
                              {QStringLiteral("input_schema"), schema}};
        if (function.value(QLatin1String("description")).isString())
            converted[QStringLiteral("description")] = function.value(QLatin1String("description"));
        if (tool.value(QLatin1String("cache_control")).isObject())
            converted[QStringLiteral("cache_control")] = tool.value(QLatin1String("cache_control"));
        tools->append(converted);
    }
    return true;
}

bool convertToolChoice(const QJsonObject &request, QJsonObject *messages, QString *error) {
    const QString path = QStringLiteral("tool_choice");
    const QJsonValue value = request.value(QLatin1String("tool_choice"));
    QJsonObject choice{{QStringLiteral("type"), QStringLiteral("auto")}};
    if (value.isString()) {
        const QString mode = value.toString();
        if (mode == QLatin1String("required"))
            choice[QStringLiteral("type")] = QStringLiteral("any");
        else if (mode == QLatin1String("none"))
            choice[QStringLiteral("type")] = QStringLiteral("none");
        else if (mode != QLatin1String("auto"))
            return fail(error, path, QStringLiteral("expected \"auto\", \"required\" or \"none\""));
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.value(QLatin1String("type")) != QLatin1String("function"))
            return fail(error, field(path, "type"), QStringLiteral("expected \"function\""));
        QString name;
        if (!requireString(object.value(QLatin1String("function")).toObject(),
                           field(path, "function"), "name", &name, error))
            return false;
        choice = {{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), name}};
    } else if (!value.isUndefined() && !value.isNull()) {
        return fail(error, path, QStringLiteral("expected a string or an object"));
    }
    const QJsonValue parallel = request.value(QLatin1String("parallel_tool_calls"));
    const bool serial = parallel.isBool() && !parallel.toBool();
    // {"type":"none"} takes no other fields.
    if (serial && choice.value(QLatin1String("type")) != QLatin1String("none"))
        choice[QStringLiteral("disable_parallel_tool_use")] = true;
    // Anthropic's default is auto; only send a choice that says something.
    const bool chosen = !value.isUndefined() && !value.isNull();
    if (!chosen && !serial) return true;
    (*messages)[QStringLiteral("tool_choice")] = choice;
    return true;
}

bool convertParameters(const QJsonObject &request, QJsonObject *messages, QString *error) {
    // max_completion_tokens replaced max_tokens in OpenAI's API; prefer it.
    for (const char *name : {"max_completion_tokens", "max_tokens"}) {
        const QString key = QLatin1String(name);
        if (!present(request, key)) continue;
        if (!isInteger(request.value(key), 1))
            return fail(error, key, QStringLiteral("expected a positive integer"));
        (*messages)[QStringLiteral("max_tokens")] = request.value(key);
        break;
    }
    if (!messages->contains(QLatin1String("max_tokens")))
        (*messages)[QStringLiteral("max_tokens")] = kDefaultMaxTokens;

    if (present(request, QStringLiteral("temperature"))) {
        const QJsonValue t = request.value(QLatin1String("temperature"));
        if (!t.isDouble())
            return fail(error, QStringLiteral("temperature"), QStringLiteral("expected a number"));
        // OpenAI allows 0..2, Anthropic 0..1: clamp rather than fail a valid request.
        (*messages)[QStringLiteral("temperature")] = qBound(0.0, t.toDouble(), 1.0);
    }
    if (present(request, QStringLiteral("top_p"))) {
        if (!request.value(QLatin1String("top_p")).isDouble())
            return fail(error, QStringLiteral("top_p"), QStringLiteral("expected a number"));
        (*messages)[QStringLiteral("top_p")] = request.value(QLatin1String("top_p"));
    }
    if (present(request, QStringLiteral("stop"))) {
        const QJsonValue stop = request.value(QLatin1String("stop"));
        QJsonArray sequences;
        if (stop.isString()) {
            sequences.append(stop);
        } else if (stop.isArray()) {
            sequences = stop.toArray();
            for (qsizetype i = 0; i < sequences.size(); ++i)
                if (!sequences.at(i).isString())
                    return fail(error, at(QStringLiteral("stop"), i),
                                QStringLiteral("expected a string"));
        } else {
            return fail(error, QStringLiteral("stop"),
                        QStringLiteral("expected a string or an array of strings"));
        }
        if (!sequences.isEmpty()) (*messages)[QStringLiteral("stop_sequences")] = sequences;
    }
    if (present(request, QStringLiteral("stream"))) {
        if (!request.value(QLatin1String("stream")).isBool())
            return fail(error, QStringLiteral("stream"), QStringLiteral("expected a boolean"));
        (*messages)[QStringLiteral("stream")] = request.value(QLatin1String("stream"));
    }
    if (present(request, QStringLiteral("user"))) {
        if (!request.value(QLatin1String("user")).isString())
            return fail(error, QStringLiteral("user"), QStringLiteral("expected a string"));
        (*messages)[QStringLiteral("metadata")] =
            QJsonObject{{QStringLiteral("user_id"), request.value(QLatin1String("user"))}};
    }
    if (present(request, QStringLiteral("n")) && request.value(QLatin1String("n")).toDouble() != 1)
        return fail(error, QStringLiteral("n"),
                    QStringLiteral("Anthropic models return one choice; expected 1"));
    return true;
}

// Whether the request makes Claude call a tool ("required" or a named
// function): Claude thinks only when it may choose.
bool forcesToolUse(const QJsonObject &request) {
    const QJsonValue choice = request.value(QLatin1String("tool_choice"));
    return choice.isObject() || choice == QLatin1String("required");
}

// Extended thinking (ClaudeThinking.h) with room for the answer; Claude
// refuses temperature, top_p and top_k with thinking on, and clients that
// ask for reasoning often send them anyway.
void addThinking(int budget, const QJsonObject &request, QJsonObject *out) {
    (*out)[QStringLiteral("thinking")] =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")},
                    {QStringLiteral("budget_tokens"), budget}};
    qint64 asked = 0;
    for (const char *name : {"max_completion_tokens", "max_tokens"})
        if (request.value(QLatin1String(name)).isDouble()) {
            asked = request.value(QLatin1String(name)).toInteger();
            break;
        }
    (*out)[QStringLiteral("max_tokens")] = maxTokensWithThinking(budget, asked);
    for (const char *name : {"temperature", "top_p", "top_k"}) out->remove(QLatin1String(name));
}

}  // namespace

bool chatRequestToMessages(const QJsonObject &chatRequest, QJsonObject *messagesRequest,
                           QString *error) {
    QJsonObject out;
    const QJsonValue model = chatRequest.value(QLatin1String("model"));
    if (!model.isString() || model.toString().isEmpty())
        return fail(error, QStringLiteral("model"), QStringLiteral("expected a non-empty string"));
    out[QStringLiteral("model")] = model;
    // Thinking only for models that have it: a reasoning_effort meant for
    // another model must not make Claude 3.5 refuse the request.
    const int thinkingBudget = claudeModelThinks(model.toString()) && !forcesToolUse(chatRequest)
                                   ? thinkingBudgetFor(chatRequest)
                                   : 0;

    QJsonArray system;
    QList<Turn> turns;
    if (!convertMessages(chatRequest.value(QLatin1String("messages")), thinkingBudget > 0, &system,
                         &turns, error))
        return false;
    if (!system.isEmpty()) out[QStringLiteral("system")] = systemValue(system);
    QJsonArray messages;
    for (const Turn &turn : std::as_const(turns)) {
        // A lone text block reads better (and round-trips) as a plain string.
        const bool plain =
            turn.blocks.size() == 1 &&
            turn.blocks.at(0).toObject().value(QLatin1String("type")) == QLatin1String("text") &&
            !turn.blocks.at(0).toObject().contains(QLatin1String("cache_control"));
        messages.append(
            QJsonObject{{QStringLiteral("role"), turn.role},
                        {QStringLiteral("content"),
                         plain ? turn.blocks.at(0).toObject().value(QLatin1String("text"))
                               : QJsonValue(turn.blocks)}});
    }
    out[QStringLiteral("messages")] = messages;

    if (!convertParameters(chatRequest, &out, error)) return false;
    if (present(chatRequest, QStringLiteral("tools"))) {
        QJsonArray tools;
        if (!convertTools(chatRequest.value(QLatin1String("tools")), &tools, error)) return false;
        if (!tools.isEmpty()) {
            out[QStringLiteral("tools")] = tools;
            if (!convertToolChoice(chatRequest, &out, error)) return false;
        }
    }
    if (thinkingBudget > 0) addThinking(thinkingBudget, chatRequest, &out);
    // response_format, seed, logprobs, penalties and the like have no Anthropic form.
    *messagesRequest = out;
    return true;
}

}  // namespace gatehouse::anthropic
