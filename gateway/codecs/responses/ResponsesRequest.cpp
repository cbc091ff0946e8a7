// Responses request -> canonical chat request.
#include "ResponseMemory.h"
#include "ResponsesShared.h"

#include <QJsonDocument>

namespace gatehouse::responses {

namespace {

bool fail(QString *error, const QString &path, const QString &what) {
    *error = path + QStringLiteral(": ") + what;
    return false;
}

QString at(const QString &path, qsizetype i) {
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

bool present(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    return !v.isUndefined() && !v.isNull();
}

QJsonObject textPart(const QString &text) {
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

// One content part of a message -> a chat part (empty when dropped).
QJsonObject chatPart(const QJsonObject &part, const QString &path, QStringList *dropped) {
    const QString type = part.value(QLatin1String("type")).toString();
    if (type == QLatin1String("input_text") || type == QLatin1String("output_text") ||
        type == QLatin1String("text"))
        return textPart(part.value(QLatin1String("text")).toString());
    if (type == QLatin1String("refusal"))
        return textPart(part.value(QLatin1String("refusal")).toString());
    if (type == QLatin1String("input_image")) {
        const QJsonValue url = part.value(QLatin1String("image_url"));
        if (url.isString()) {
            QJsonObject image{{QStringLiteral("url"), url}};
            if (part.value(QLatin1String("detail")).isString())
                image[QStringLiteral("detail")] = part.value(QLatin1String("detail"));
            return {{QStringLiteral("type"), QStringLiteral("image_url")},
                    {QStringLiteral("image_url"), image}};
        }
    }
    if (type == QLatin1String("input_file") && part.value(QLatin1String("file_data")).isString()) {
        QJsonObject file{{QStringLiteral("file_data"), part.value(QLatin1String("file_data"))}};
        if (part.value(QLatin1String("filename")).isString())
            file[QStringLiteral("filename")] = part.value(QLatin1String("filename"));
        return {{QStringLiteral("type"), QStringLiteral("file")}, {QStringLiteral("file"), file}};
    }
    dropped->append(QStringLiteral("%1 (%2)").arg(path, type));
    return {};
}

// A message's content as chat content: a string stays a string, one text part becomes a string.
QJsonValue chatContent(const QJsonValue &content, const QString &path, QStringList *dropped) {
    if (!content.isArray()) return content.toString();
    const QJsonArray parts = content.toArray();
    QJsonArray out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject p = chatPart(parts.at(i).toObject(), at(path, i), dropped);
        if (!p.isEmpty()) out.append(p);
    }
    // One text part is plain content; several stay parts (joining them
    // would need a separator the client did not write).
    if (out.size() == 1 &&
        out.at(0).toObject().value(QLatin1String("type")) == QLatin1String("text"))
        return out.at(0).toObject().value(QLatin1String("text"));
    if (out.isEmpty()) return QString();
    return out;
}

// function_call_output's output: a string, or content parts whose text is joined.
QString outputText(const QJsonValue &output) {
    if (output.isString()) return output.toString();
    if (output.isArray()) {
        QString text;
        for (const QJsonValue &p : output.toArray()) {
            const QJsonObject part = p.toObject();
            if (part.value(QLatin1String("text")).isString())
                text += part.value(QLatin1String("text")).toString();
        }
        return text;
    }
    if (output.isObject())
        return QString::fromUtf8(QJsonDocument(output.toObject()).toJson(QJsonDocument::Compact));
    return {};
}

class InputReader {
public:
    InputReader(QJsonArray *messages, QStringList *dropped)
        : messages_(messages), dropped_(dropped) {}

    bool read(const QJsonArray &items, QString *error) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString path = at(QStringLiteral("input"), i);
            if (!items.at(i).isObject())
                return fail(error, path, QStringLiteral("expected an input item object"));
            if (!readItem(items.at(i).toObject(), path, error)) return false;
        }
        flushToolCalls();
        return true;
    }

private:
    bool readItem(const QJsonObject &item, const QString &path, QString *error) {
        const QString type = item.value(QLatin1String("type")).toString(QStringLiteral("message"));
        if (type == QLatin1String("message")) {
            const QString role = item.value(QLatin1String("role")).toString();
            const QJsonValue content = chatContent(item.value(QLatin1String("content")),
                                                   path + QStringLiteral(".content"), dropped_);
            if (role == QLatin1String("assistant")) {
                flushToolCalls();
                pendingAssistant_ = QJsonObject{{QStringLiteral("role"), role},
                                                {QStringLiteral("content"), content}};
                return true;
            }
            if (role != QLatin1String("user") && role != QLatin1String("system") &&
                role != QLatin1String("developer"))
                return fail(error, path + QStringLiteral(".role"),
                            QStringLiteral("expected \"user\", \"assistant\", \"system\" or "
                                           "\"developer\""));
            flushToolCalls();
            messages_->append(
                QJsonObject{{QStringLiteral("role"),
                             role == QLatin1String("user") ? role : QStringLiteral("system")},
                            {QStringLiteral("content"), content}});
            return true;
        }
        if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) {
            const bool custom = type == QLatin1String("custom_tool_call");
            const QString callId = item.value(QLatin1String("call_id")).toString();
            const QString name = item.value(QLatin1String("name")).toString();
            if (callId.isEmpty() || name.isEmpty())
                return fail(error, path,
                            QStringLiteral("a %1 needs \"call_id\" and \"name\"").arg(type));
            const QString arguments =
                custom ? QString::fromUtf8(
                             QJsonDocument(
                                 QJsonObject{{QStringLiteral("input"),
                                              item.value(QLatin1String("input")).toString()}})
                                 .toJson(QJsonDocument::Compact))
                       : item.value(QLatin1String("arguments")).toString(QStringLiteral("{}"));
            toolCalls_.append(QJsonObject{{QStringLiteral("id"), callId},
                                          {QStringLiteral("type"), QStringLiteral("function")},
                                          {QStringLiteral("function"),
                                           QJsonObject{{QStringLiteral("name"), name},
                                                       {QStringLiteral("arguments"), arguments}}}});
            return true;
        }
        if (type == QLatin1String("function_call_output") ||
            type == QLatin1String("custom_tool_call_output")) {
            const QString callId = item.value(QLatin1String("call_id")).toString();
            if (callId.isEmpty())
                return fail(error, path, QStringLiteral("a %1 needs \"call_id\"").arg(type));
            flushToolCalls();
            messages_->append(QJsonObject{
                {QStringLiteral("role"), QStringLiteral("tool")},
                {QStringLiteral("tool_call_id"), callId},
                {QStringLiteral("content"), outputText(item.value(QLatin1String("output")))}});
            return true;
        }
        // reasoning items replay only to the model that made them; item_reference,
        // web_search_call and the other hosted-tool items have no chat form.
        dropped_->append(QStringLiteral("%1 (%2)").arg(path, type));
        return true;
    }

    // An assistant turn is its text and the tool calls right after it.
    void flushToolCalls() {
        if (toolCalls_.isEmpty()) {
            if (!pendingAssistant_.isEmpty()) messages_->append(pendingAssistant_);
            pendingAssistant_ = {};
            return;
        }
        QJsonObject message =
            pendingAssistant_.isEmpty()
                ? QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), QJsonValue()}}
                : pendingAssistant_;
        if (message.value(QLatin1String("content")) == QJsonValue(QString()))
            message[QStringLiteral("content")] = QJsonValue();
        message[QStringLiteral("tool_calls")] = toolCalls_;
        messages_->append(message);
        pendingAssistant_ = {};
        toolCalls_ = {};
    }

    QJsonArray *messages_;
    QStringList *dropped_;
    QJsonObject pendingAssistant_;
    QJsonArray toolCalls_;
};

bool convertTools(const QJsonArray &in, QJsonArray *tools, QStringList *customNames,
                  QStringList *dropped, QString *error) {
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString path = at(QStringLiteral("tools"), i);
        const QJsonObject tool = in.at(i).toObject();
        const QString type = tool.value(QLatin1String("type")).toString();
        const QString name = tool.value(QLatin1String("name")).toString();
        if (type == QLatin1String("function") || type == QLatin1String("custom")) {
            if (name.isEmpty())
                return fail(error, path + QStringLiteral(".name"),
                            QStringLiteral("expected a non-empty string"));
            QJsonObject function{{QStringLiteral("name"), name}};
            if (tool.value(QLatin1String("description")).isString())
                function[QStringLiteral("description")] = tool.value(QLatin1String("description"));
            if (type == QLatin1String("custom")) {
                // Free-form input: one string the model writes whole.
                customNames->append(name);
                function[QStringLiteral("parameters")] = QJsonObject{
                    {QStringLiteral("type"), QStringLiteral("object")},
                    {QStringLiteral("properties"),
                     QJsonObject{
                         {QStringLiteral("input"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
                    {QStringLiteral("required"), QJsonArray{QStringLiteral("input")}}};
            } else {
                function[QStringLiteral("parameters")] =
                    tool.value(QLatin1String("parameters")).isObject()
                        ? tool.value(QLatin1String("parameters"))
                        : QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                      {QStringLiteral("properties"), QJsonObject()}};
                if (tool.value(QLatin1String("strict")).isBool())
                    function[QStringLiteral("strict")] = tool.value(QLatin1String("strict"));
            }
            tools->append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                      {QStringLiteral("function"), function}});
            continue;
        }
        // Hosted tools (web_search, file_search, local_shell, ...) run on OpenAI's side.
        dropped->append(QStringLiteral("%1 (%2)").arg(path, type));
    }
    return true;
}

QJsonValue toolChoice(const QJsonValue &choice) {
    if (choice.isString()) return choice;
    const QJsonObject o = choice.toObject();
    const QString type = o.value(QLatin1String("type")).toString();
    if ((type == QLatin1String("function") || type == QLatin1String("custom")) &&
        o.value(QLatin1String("name")).isString())
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("function"),
                            QJsonObject{{QStringLiteral("name"), o.value(QLatin1String("name"))}}}};
    return QStringLiteral("auto");
}

}  // namespace

bool requestToChat(const QJsonObject &request, const ResponseMemory *memory, QJsonObject *chatOut,
                   CodecContext *context, QStringList *dropped, QString *error) {
    QJsonObject chat;
    chat[QStringLiteral("model")] = request.value(QLatin1String("model"));
    if (request.contains(QLatin1String("fallbacks")))
        chat[QStringLiteral("fallbacks")] = request.value(QLatin1String("fallbacks"));
    QJsonArray messages;
    if (present(request, "instructions")) {
        if (!request.value(QLatin1String("instructions")).isString())
            return fail(error, QStringLiteral("instructions"), QStringLiteral("expected a string"));
        messages.append(
            QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                        {QStringLiteral("content"), request.value(QLatin1String("instructions"))}});
    }
    const QJsonValue input = request.value(QLatin1String("input"));
    if (input.isString()) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), input}});
    } else if (input.isArray()) {
        InputReader reader(&messages, dropped);
        if (!reader.read(input.toArray(), error)) return false;
    } else if (!input.isUndefined() && !input.isNull()) {
        return fail(error, QStringLiteral("input"),
                    QStringLiteral("expected a string or an array of input items"));
    }
    // A follow-up: the stored conversation goes between the instructions
    // (which do not carry over) and the new input.
    const QJsonValue previous = request.value(QLatin1String("previous_response_id"));
    QJsonArray conversation;
    if (previous.isString()) {
        if (!memory || !memory->conversation(previous.toString(), &conversation))
            return fail(error, QStringLiteral("previous_response_id"),
                        QStringLiteral("no stored response '%1' (%2)")
                            .arg(previous.toString(), ResponseMemory::keptHow()));
    }
    const qsizetype firstInput = present(request, "instructions") && !messages.isEmpty() ? 1 : 0;
    for (qsizetype i = firstInput; i < messages.size(); ++i) conversation.append(messages.at(i));
    QJsonArray all;
    if (firstInput) all.append(messages.at(0));
    for (const QJsonValue &m : std::as_const(conversation)) all.append(m);
    chat[QStringLiteral("messages")] = all;

    QStringList customNames;
    if (present(request, "tools")) {
        if (!request.value(QLatin1String("tools")).isArray())
            return fail(error, QStringLiteral("tools"), QStringLiteral("expected an array"));
        QJsonArray tools;
        if (!convertTools(request.value(QLatin1String("tools")).toArray(), &tools, &customNames,
                          dropped, error))
            return false;
        if (!tools.isEmpty()) {
            chat[QStringLiteral("tools")] = tools;
            if (present(request, "tool_choice"))
                chat[QStringLiteral("tool_choice")] =
                    toolChoice(request.value(QLatin1String("tool_choice")));
            if (request.value(QLatin1String("parallel_tool_calls")).isBool())
                chat[QStringLiteral("parallel_tool_calls")] =
                    request.value(QLatin1String("parallel_tool_calls"));
        }
    }
    if (present(request, "max_output_tokens"))
        chat[QStringLiteral("max_tokens")] = request.value(QLatin1String("max_output_tokens"));
    for (const char *key : {"temperature", "top_p", "user", "top_logprobs"})
        if (present(request, key)) chat[QLatin1String(key)] = request.value(QLatin1String(key));
    const QJsonObject reasoning = request.value(QLatin1String("reasoning")).toObject();
    if (reasoning.value(QLatin1String("effort")).isString())
        chat[QStringLiteral("reasoning_effort")] = reasoning.value(QLatin1String("effort"));
    const QJsonObject format =
        request.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_schema")) {
        QJsonObject schema{
            {QStringLiteral("name"),
             format.value(QLatin1String("name")).toString(QStringLiteral("response"))},
            {QStringLiteral("schema"), format.value(QLatin1String("schema"))}};
        if (format.value(QLatin1String("strict")).isBool())
            schema[QStringLiteral("strict")] = format.value(QLatin1String("strict"));
        if (format.value(QLatin1String("description")).isString())
            schema[QStringLiteral("description")] = format.value(QLatin1String("description"));
        chat[QStringLiteral("response_format")] = QJsonObject{
            {QStringLiteral("type"), formatType}, {QStringLiteral("json_schema"), schema}};
    } else if (formatType == QLatin1String("json_object")) {
        chat[QStringLiteral("response_format")] = QJsonObject{{QStringLiteral("type"), formatType}};
    }
    if (present(request, "stream")) {
        if (!request.value(QLatin1String("stream")).isBool())
            return fail(error, QStringLiteral("stream"), QStringLiteral("expected a boolean"));
        chat[QStringLiteral("stream")] = request.value(QLatin1String("stream"));
    }
    static const QStringList kRead{QStringLiteral("model"),
                                   QStringLiteral("fallbacks"),
                                   QStringLiteral("instructions"),
                                   QStringLiteral("input"),
                                   QStringLiteral("tools"),
                                   QStringLiteral("tool_choice"),
                                   QStringLiteral("parallel_tool_calls"),
                                   QStringLiteral("max_output_tokens"),
                                   QStringLiteral("temperature"),
                                   QStringLiteral("top_p"),
                                   QStringLiteral("user"),
                                   QStringLiteral("top_logprobs"),
                                   QStringLiteral("reasoning"),
                                   QStringLiteral("text"),
                                   QStringLiteral("stream"),
                                   QStringLiteral("store"),
                                   QStringLiteral("metadata"),
                                   QStringLiteral("previous_response_id"),
                                   QStringLiteral("include"),
                                   QStringLiteral("stream_options")};
    for (auto it = request.begin(); it != request.end(); ++it)
        if (!kRead.contains(it.key()) && !it.value().isNull()) dropped->append(it.key());

    // What a response object echoes of its request.
    QJsonObject echo;
    for (const EchoedField &f : kEchoedFields)
        if (request.contains(QLatin1String(f.key)))
            echo[QLatin1String(f.key)] = request.value(QLatin1String(f.key));
    CodecContext ctx;
    ctx.echo = echo;
    ctx.customTools = customNames;
    ctx.responseId = newResponseId();
    // Stored unless the client said "store": false, as OpenAI does.
    if (request.value(QLatin1String("store")).toBool(true)) ctx.conversation = conversation;
    *context = std::move(ctx);
    *chatOut = chat;
    return true;
}

}  // namespace gatehouse::responses
