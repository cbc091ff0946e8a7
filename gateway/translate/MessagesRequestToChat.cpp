// Client side: an Anthropic Messages request -> an OpenAI chat completion request.
#include <QJsonArray>

#include "AnthropicShared.h"
#include "AnthropicTranslate.h"

namespace gatehouse::anthropic {

using namespace detail;

namespace {

// An array of content blocks, each an object with a string "type".
bool contentBlocks(const QJsonValue &content, const QString &path, QJsonArray *blocks,
                   QString *error) {
    if (!content.isArray())
        return fail(error, path, QStringLiteral("expected a string or an array of content blocks"));
    *blocks = content.toArray();
    for (qsizetype i = 0; i < blocks->size(); ++i) {
        const QJsonValue block = blocks->at(i);
        if (!block.isObject())
            return fail(error, at(path, i), QStringLiteral("expected a content block object"));
        if (!block.toObject().value(QLatin1String("type")).isString())
            return fail(error, field(at(path, i), "type"), QStringLiteral("expected a string"));
    }
    return true;
}

QJsonObject textPart(const QString &text) {
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

// A block's prompt-cache breakpoint goes with it into the canonical model,
// as the part's "cache_control" (the convention OpenAI-format clients use
// for Anthropic models): the Anthropic and Bedrock dialects turn it back
// into a breakpoint, so a translated request keeps its prompt caching.
void keepCacheMark(const QJsonObject &block, QJsonObject *part) {
    const QJsonValue mark = block.value(QLatin1String("cache_control"));
    if (mark.isObject()) part->insert(QStringLiteral("cache_control"), mark);
}

// The system prompt's text: a string, or (when a block carries a cache
// breakpoint) text parts that keep it. Empty when there is none.
bool systemContent(const QJsonValue &system, const QString &systemPath, QJsonValue *content,
                   QStringList *dropped, QString *error) {
    if (system.isString()) {
        *content = system.toString();
        return true;
    }
    QJsonArray blocks;
    if (!contentBlocks(system, systemPath, &blocks, error)) return false;
    QStringList texts;
    QJsonArray parts;
    bool marked = false;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        const QString path = at(systemPath, i);
        const QString type = block.value(QLatin1String("type")).toString();
        if (type != QLatin1String("text")) {
            dropped->append(QStringLiteral("%1 (%2)").arg(path, type));
            continue;
        }
        QString text;
        if (!requireString(block, path, "text", &text, error)) return false;
        QJsonObject part = textPart(text);
        keepCacheMark(block, &part);
        marked = marked || part.contains(QLatin1String("cache_control"));
        texts.append(text);
        parts.append(part);
    }
    if (marked)
        *content = parts;
    else
        *content = texts.join(QLatin1String("\n\n"));
    return true;
}

bool isEmptyContent(const QJsonValue &content) {
    return content.isArray() ? content.toArray().isEmpty() : content.toString().isEmpty();
}

// An Anthropic image block -> an OpenAI image_url part (base64 becomes a data URL).
bool imagePart(const QJsonObject &block, const QString &path, QJsonObject *part, QString *error) {
    const QJsonValue sourceValue = block.value(QLatin1String("source"));
    const QString sourcePath = field(path, "source");
    if (!sourceValue.isObject())
        return fail(error, sourcePath, QStringLiteral("expected an object"));
    const QJsonObject source = sourceValue.toObject();
    const QString type = source.value(QLatin1String("type")).toString();
    QString url;
    if (type == QLatin1String("base64")) {
        QString mediaType, data;
        if (!requireString(source, sourcePath, "media_type", &mediaType, error) ||
            !requireString(source, sourcePath, "data", &data, error))
            return false;
        url = QStringLiteral("data:%1;base64,%2").arg(mediaType, data);
    } else if (type == QLatin1String("url")) {
        if (!requireString(source, sourcePath, "url", &url, error)) return false;
    } else {
        return true;  // a "file" reference has no chat form: the caller drops the block
    }
    *part = {{QStringLiteral("type"), QStringLiteral("image_url")},
             {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), url}}}};
    return true;
}

// A document block: plain text becomes a text part, a base64 PDF an OpenAI file part.
bool documentPart(const QJsonObject &block, const QString &path, QJsonObject *part,
                  QString *error) {
    const QJsonObject source = block.value(QLatin1String("source")).toObject();
    const QString sourcePath = field(path, "source");
    const QString type = source.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text")) {
        QString data;
        if (!requireString(source, sourcePath, "data", &data, error)) return false;
        *part = textPart(data);
        return true;
    }
    if (type == QLatin1String("base64")) {
        QString mediaType, data;
        if (!requireString(source, sourcePath, "media_type", &mediaType, error) ||
            !requireString(source, sourcePath, "data", &data, error))
            return false;
        QJsonObject file{{QStringLiteral("file_data"),
                          QStringLiteral("data:%1;base64,%2").arg(mediaType, data)}};
        const QString title = block.value(QLatin1String("title")).toString();
        file[QStringLiteral("filename")] = title.isEmpty() ? QStringLiteral("document.pdf") : title;
        *part = {{QStringLiteral("type"), QStringLiteral("file")}, {QStringLiteral("file"), file}};
        return true;
    }
    return true;  // "url", "file" and "content" sources: the caller drops the block
}

QJsonValue partsToContent(const QJsonArray &parts) {
    if (parts.size() == 1 &&
        parts.at(0).toObject().value(QLatin1String("type")) == QLatin1String("text") &&
        !parts.at(0).toObject().contains(QLatin1String("cache_control")))
        return parts.at(0).toObject().value(QLatin1String("text"));
    return parts;
}

// tool_result content: a string, or text and image blocks. Text goes into the
// OpenAI tool message; images, which tool messages cannot carry, into `images`.
bool toolResultContent(const QJsonObject &block, const QString &path, QString *text,
                       QJsonArray *images, QStringList *dropped, QString *error) {
    const QJsonValue content = block.value(QLatin1String("content"));
    const QString contentPath = field(path, "content");
    if (content.isUndefined() || content.isNull()) return true;
    if (content.isString()) {
        *text = content.toString();
        return true;
    }
    QJsonArray blocks;
    if (!contentBlocks(content, contentPath, &blocks, error)) return false;
    QStringList texts;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject inner = blocks.at(i).toObject();
        const QString innerPath = at(contentPath, i);
        const QString type = inner.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            QString t;
            if (!requireString(inner, innerPath, "text", &t, error)) return false;
            texts.append(t);
        } else if (type == QLatin1String("image")) {
            QJsonObject part;
            if (!imagePart(inner, innerPath, &part, error)) return false;
            if (part.isEmpty())
                dropped->append(QStringLiteral("%1 (image source)").arg(innerPath));
            else
                images->append(part);
        } else if (type == QLatin1String("tool_reference") &&
                   inner.value(QLatin1String("tool_name")).isString()) {
            // ToolSearch's answer (Claude Code's deferred tools): Anthropic
            // puts the named tool's definition in the model's context; a
            // chat model finds the tool offered from the next request on,
            // and reads here which one it loaded.
            // (MessagesRequestBytes.cpp writes the same text.)
            texts.append(QStringLiteral("Tool loaded: ") +
                         inner.value(QLatin1String("tool_name")).toString());
        } else {
            dropped->append(QStringLiteral("%1 (%2)").arg(innerPath, type));
        }
    }
    *text = texts.join(QLatin1String("\n\n"));
    return true;
}

// A user turn becomes its tool results as "tool" messages (OpenAI wants them
// right after the assistant's tool_calls), then the rest as one user message.
bool appendUser(const QJsonValue &content, const QString &path, QJsonArray *out,
                QStringList *dropped, QString *error) {
    const auto userMessage = [](const QJsonValue &c) {
        return QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                           {QStringLiteral("content"), c}};
    };
    if (content.isString()) {
        out->append(userMessage(content));
        return true;
    }
    QJsonArray blocks;
    if (!contentBlocks(content, path, &blocks, error)) return false;
    QJsonArray parts;
    bool hadToolResults = false;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        const QString blockPath = at(path, i);
        const QString type = block.value(QLatin1String("type")).toString();
        QJsonObject part;
        if (type == QLatin1String("text")) {
            QString text;
            if (!requireString(block, blockPath, "text", &text, error)) return false;
            part = textPart(text);
            keepCacheMark(block, &part);
            parts.append(part);
        } else if (type == QLatin1String("image")) {
            if (!imagePart(block, blockPath, &part, error)) return false;
            if (part.isEmpty()) {
                dropped->append(QStringLiteral("%1 (image source)").arg(blockPath));
            } else {
                keepCacheMark(block, &part);
                parts.append(part);
            }
        } else if (type == QLatin1String("document")) {
            if (!documentPart(block, blockPath, &part, error)) return false;
            if (part.isEmpty()) {
                dropped->append(QStringLiteral("%1 (document source)").arg(blockPath));
            } else {
                keepCacheMark(block, &part);
                parts.append(part);
            }
        } else if (type == QLatin1String("tool_result")) {
            QString id, text;
            if (!requireString(block, blockPath, "tool_use_id", &id, error) ||
                !toolResultContent(block, blockPath, &text, &parts, dropped, error))
                return false;
            // Chat has no error flag on a tool message: the model reads it in the text.
            if (block.value(QLatin1String("is_error")).toBool())
                text = text.isEmpty() ? QStringLiteral("Error") : QStringLiteral("Error: ") + text;
            // A breakpoint on the result stays with it: the text as one marked part.
            QJsonObject textOnly = textPart(text);
            keepCacheMark(block, &textOnly);
            out->append(QJsonObject{
                {QStringLiteral("role"), QStringLiteral("tool")},
                {QStringLiteral("tool_call_id"), id},
                {QStringLiteral("content"), textOnly.contains(QLatin1String("cache_control"))
                                                ? QJsonValue(QJsonArray{textOnly})
                                                : QJsonValue(text)}});
            hadToolResults = true;
        } else {
            dropped->append(QStringLiteral("%1 (%2)").arg(blockPath, type));
        }
    }
    if (!parts.isEmpty())
        out->append(userMessage(partsToContent(parts)));
    else if (!hadToolResults)
        out->append(userMessage(QString()));
    return true;
}

bool appendAssistant(const QJsonValue &content, const QString &path, QJsonArray *out,
                     QStringList *dropped, QString *error) {
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}};
    if (content.isString()) {
        message[QStringLiteral("content")] = content;
        out->append(message);
        return true;
    }
    QJsonArray blocks;
    if (!contentBlocks(content, path, &blocks, error)) return false;
    // Anthropic splits text into blocks (around tool calls, at citations); read
    // back as one reply it is their concatenation, as in a stream.
    QString text;
    QJsonArray toolCalls, thinking;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        const QString blockPath = at(path, i);
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            QString t;
            if (!requireString(block, blockPath, "text", &t, error)) return false;
            text += t;
        } else if (type == QLatin1String("tool_use")) {
            QString id, name;
            if (!requireString(block, blockPath, "id", &id, error) ||
                !requireString(block, blockPath, "name", &name, error))
                return false;
            const QJsonValue input = block.value(QLatin1String("input"));
            if (!input.isUndefined() && !input.isNull() && !input.isObject())
                return fail(error, field(blockPath, "input"), QStringLiteral("expected an object"));
            toolCalls.append(QJsonObject{
                {QStringLiteral("id"), id},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                 QJsonObject{{QStringLiteral("name"), name},
                             {QStringLiteral("arguments"), compactJson(input.toObject())}}}});
        } else if (type == QLatin1String("thinking") ||
                   type == QLatin1String("redacted_thinking")) {
            // Kept as they are: they replay only to the model that signed
            // them (Claude on Bedrock); other providers' dialects leave them out.
            thinking.append(block);
        } else {
            dropped->append(QStringLiteral("%1 (%2)").arg(blockPath, type));
        }
    }
    if (!thinking.isEmpty()) message[QStringLiteral("thinking_blocks")] = thinking;
    if (toolCalls.isEmpty()) {
        message[QStringLiteral("content")] = text;
    } else {
        message[QStringLiteral("content")] = text.isEmpty() ? QJsonValue() : QJsonValue(text);
        message[QStringLiteral("tool_calls")] = toolCalls;
    }
    out->append(message);
    return true;
}

bool appendMessage(const QJsonValue &value, const QString &path, QJsonArray *out,
                   QStringList *dropped, QString *error) {
    if (!value.isObject()) return fail(error, path, QStringLiteral("expected a message object"));
    const QJsonObject message = value.toObject();
    if (!message.value(QLatin1String("role")).isString())
        return fail(error, field(path, "role"), QStringLiteral("expected a string"));
    const QString role = message.value(QLatin1String("role")).toString();
    const QJsonValue content = message.value(QLatin1String("content"));
    const QString contentPath = field(path, "content");
    if (role == QLatin1String("user")) return appendUser(content, contentPath, out, dropped, error);
    if (role == QLatin1String("assistant"))
        return appendAssistant(content, contentPath, out, dropped, error);
    if (role == QLatin1String("system")) {
        // Claude Code 2.x puts system reminders between turns this way.
        QJsonValue text;
        if (!systemContent(content, contentPath, &text, dropped, error)) return false;
        if (!isEmptyContent(text))
            out->append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), text}});
        return true;
    }
    dropped->append(QStringLiteral("%1 (role \"%2\")").arg(path, role));
    return true;
}

bool convertTools(const QJsonValue &value, QJsonArray *tools, QStringList *dropped,
                  QString *error) {
    if (!value.isArray())
        return fail(error, QStringLiteral("tools"), QStringLiteral("expected an array"));
    const QJsonArray in = value.toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString path = at(QStringLiteral("tools"), i);
        if (!in.at(i).isObject())
            return fail(error, path, QStringLiteral("expected a tool object"));
        const QJsonObject tool = in.at(i).toObject();
        // Server tools (web_search_..., bash_..., ...) run on Anthropic's side;
        // an OpenAI-format model cannot call them, so they are left out.
        if (present(tool, QStringLiteral("type")) &&
            tool.value(QLatin1String("type")) != QLatin1String("custom")) {
            dropped->append(
                QStringLiteral("%1 (%2)").arg(path, tool.value(QLatin1String("type")).toString()));
            continue;
        }
        QString name;
        if (!requireString(tool, path, "name", &name, error)) return false;
        const QJsonValue schema = tool.value(QLatin1String("input_schema"));
        if (!schema.isObject())
            return fail(error, field(path, "input_schema"), QStringLiteral("expected an object"));
        QJsonObject function{{QStringLiteral("name"), name},
                             {QStringLiteral("parameters"), schema}};
        if (tool.value(QLatin1String("description")).isString())
            function[QStringLiteral("description")] = tool.value(QLatin1String("description"));
        QJsonObject converted{{QStringLiteral("type"), QStringLiteral("function")},
                              {QStringLiteral("function"), function}};
        keepCacheMark(tool, &converted);
        tools->append(converted);
    }
    return true;
}

bool convertToolChoice(const QJsonValue &value, QJsonObject *chat, QString *error) {
    const QString path = QStringLiteral("tool_choice");
    if (!value.isObject()) return fail(error, path, QStringLiteral("expected an object"));
    const QJsonObject choice = value.toObject();
    const QString type = choice.value(QLatin1String("type")).toString();
    QJsonValue mapped;
    if (type == QLatin1String("auto")) {
        mapped = QStringLiteral("auto");
    } else if (type == QLatin1String("any")) {
        mapped = QStringLiteral("required");
    } else if (type == QLatin1String("none")) {
        mapped = QStringLiteral("none");
    } else if (type == QLatin1String("tool")) {
        QString name;
        if (!requireString(choice, path, "name", &name, error)) return false;
        mapped =
            QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                        {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), name}}}};
    } else {
        return fail(error, field(path, "type"),
                    QStringLiteral("expected \"auto\", \"any\", \"tool\" or \"none\""));
    }
    (*chat)[QStringLiteral("tool_choice")] = mapped;
    if (choice.value(QLatin1String("disable_parallel_tool_use")).toBool())
        (*chat)[QStringLiteral("parallel_tool_calls")] = false;
    return true;
}

bool convertParameters(const QJsonObject &request, QJsonObject *chat, QString *error) {
    if (present(request, QStringLiteral("max_tokens"))) {
        if (!isInteger(request.value(QLatin1String("max_tokens")), 1))
            return fail(error, QStringLiteral("max_tokens"),
                        QStringLiteral("expected a positive integer"));
        (*chat)[QStringLiteral("max_tokens")] = request.value(QLatin1String("max_tokens"));
    }
    for (const char *name : {"temperature", "top_p", "top_k"}) {
        const QString key = QLatin1String(name);
        if (!present(request, key)) continue;
        if (!request.value(key).isDouble())
            return fail(error, key, QStringLiteral("expected a number"));
        (*chat)[key] = request.value(key);
    }
    if (present(request, QStringLiteral("stop_sequences"))) {
        const QJsonValue stops = request.value(QLatin1String("stop_sequences"));
        if (!stops.isArray())
            return fail(error, QStringLiteral("stop_sequences"),
                        QStringLiteral("expected an array"));
        const QJsonArray array = stops.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            if (!array.at(i).isString())
                return fail(error, at(QStringLiteral("stop_sequences"), i),
                            QStringLiteral("expected a string"));
        if (!array.isEmpty()) (*chat)[QStringLiteral("stop")] = array;
    }
    if (present(request, QStringLiteral("stream"))) {
        if (!request.value(QLatin1String("stream")).isBool())
            return fail(error, QStringLiteral("stream"), QStringLiteral("expected a boolean"));
        const bool stream = request.value(QLatin1String("stream")).toBool();
        (*chat)[QStringLiteral("stream")] = stream;
        // Anthropic streams report usage; OpenAI ones only when asked.
        if (stream)
            (*chat)[QStringLiteral("stream_options")] =
                QJsonObject{{QStringLiteral("include_usage"), true}};
    }
    if (present(request, QStringLiteral("metadata"))) {
        const QJsonValue metadata = request.value(QLatin1String("metadata"));
        if (!metadata.isObject())
            return fail(error, QStringLiteral("metadata"), QStringLiteral("expected an object"));
        const QJsonValue user = metadata.toObject().value(QLatin1String("user_id"));
        if (user.isString()) (*chat)[QStringLiteral("user")] = user;
    }
    return true;
}

}  // namespace

bool messagesRequestToChat(const QJsonObject &messagesRequest, QJsonObject *chatRequest,
                           QString *error, QStringList *droppedOut) {
    QStringList ignored;
    QStringList *dropped = droppedOut ? droppedOut : &ignored;
    QJsonObject chat;
    const QJsonValue model = messagesRequest.value(QLatin1String("model"));
    if (!model.isString() || model.toString().isEmpty())
        return fail(error, QStringLiteral("model"), QStringLiteral("expected a non-empty string"));
    chat[QStringLiteral("model")] = model;

    QJsonArray messages;
    if (present(messagesRequest, QStringLiteral("system"))) {
        QJsonValue system;
        if (!systemContent(messagesRequest.value(QLatin1String("system")), QStringLiteral("system"),
                           &system, dropped, error))
            return false;
        if (!isEmptyContent(system))
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                        {QStringLiteral("content"), system}});
    }
    const QJsonValue in = messagesRequest.value(QLatin1String("messages"));
    if (!in.isArray())
        return fail(error, QStringLiteral("messages"), QStringLiteral("expected an array"));
    const QJsonArray inMessages = in.toArray();
    for (qsizetype i = 0; i < inMessages.size(); ++i)
        if (!appendMessage(inMessages.at(i), at(QStringLiteral("messages"), i), &messages, dropped,
                           error))
            return false;
    chat[QStringLiteral("messages")] = messages;

    if (!convertParameters(messagesRequest, &chat, error)) return false;
    // Extended thinking as Anthropic asks for it (the budget is exact): the
    // Anthropic and Bedrock dialects give it to Claude; others leave it out.
    if (messagesRequest.value(QLatin1String("thinking")).isObject())
        chat[QStringLiteral("thinking")] = messagesRequest.value(QLatin1String("thinking"));
    if (present(messagesRequest, QStringLiteral("tools"))) {
        QJsonArray tools;
        if (!convertTools(messagesRequest.value(QLatin1String("tools")), &tools, dropped, error))
            return false;
        if (!tools.isEmpty()) chat[QStringLiteral("tools")] = tools;
    }
    if (present(messagesRequest, QStringLiteral("tool_choice")) &&
        !convertToolChoice(messagesRequest.value(QLatin1String("tool_choice")), &chat, error))
        return false;
    // OpenAI rejects tool_choice without tools (e.g. when only server tools were sent).
    if (!chat.contains(QLatin1String("tools"))) {
        chat.remove(QLatin1String("tool_choice"));
        chat.remove(QLatin1String("parallel_tool_calls"));
    }
    // What has no chat-completion form (context_management,
    // output_config, service_tier, container, mcp_servers, ...) is noted.
    static const QStringList kRead{QStringLiteral("model"),       QStringLiteral("system"),
                                   QStringLiteral("messages"),    QStringLiteral("max_tokens"),
                                   QStringLiteral("temperature"), QStringLiteral("top_p"),
                                   QStringLiteral("top_k"),       QStringLiteral("stop_sequences"),
                                   QStringLiteral("stream"),      QStringLiteral("metadata"),
                                   QStringLiteral("tools"),       QStringLiteral("tool_choice"),
                                   QStringLiteral("fallbacks"),   QStringLiteral("thinking")};
    for (auto it = messagesRequest.begin(); it != messagesRequest.end(); ++it)
        if (!kRead.contains(it.key()) && !it.value().isNull()) dropped->append(it.key());
    *chatRequest = chat;
    return true;
}

}  // namespace gatehouse::anthropic
