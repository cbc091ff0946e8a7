// Canonical chat request -> Ollama /api/chat request.
#include "OllamaTranslate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace gatehouse::ollama {

namespace {

bool fail(QString *error, const QString &path, const QString &what) {
    *error = path + QStringLiteral(": ") + what;
    return false;
}

QString at(const QString &path, qsizetype i) {
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

// "data:image/png;base64,AAAA" -> "AAAA"; empty when `url` is no base64 data URL.
QString base64Of(const QString &url) {
    if (!url.startsWith(QLatin1String("data:"))) return {};
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    if (comma < 0 || url.lastIndexOf(QLatin1String(";base64"), comma) < 0) return {};
    return url.mid(comma + 1);
}

// A message's content (a string or typed parts) as Ollama's text and
// images. Audio and files are refused: Ollama has no place for them, and
// the model would answer as if it had seen them.
bool readContent(const QJsonValue &content, const QString &path, QString *text, QJsonArray *images,
                 QString *error) {
    if (content.isString() || content.isNull() || content.isUndefined()) {
        *text = content.toString();
        return true;
    }
    if (!content.isArray())
        return fail(error, path, QStringLiteral("expected a string or an array of parts"));
    const QJsonArray parts = content.toArray();
    QStringList texts;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            texts << part.value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("image_url")) {
            const QJsonValue image = part.value(QLatin1String("image_url"));
            const QString url = image.isString()
                                    ? image.toString()
                                    : image.toObject().value(QLatin1String("url")).toString();
            const QString data = base64Of(url);
            if (data.isEmpty())
                return fail(error, at(path, i) + QStringLiteral(".image_url.url"),
                            QStringLiteral("Ollama takes images as base64 data: URLs only (it "
                                           "fetches no URL)"));
            images->append(data);
        } else if (type == QLatin1String("input_audio") || type == QLatin1String("file")) {
            return fail(error, at(path, i) + QStringLiteral(".type"),
                        QStringLiteral("Ollama takes text and images, not \"%1\"").arg(type));
        }
        // Other parts (an assistant's refusal) are left out: Ollama has no field for them.
    }
    *text = texts.join(QLatin1Char('\n'));
    return true;
}

// Chat's arguments string -> the object Ollama wants. Arguments a model
// wrote that are no JSON object go as an empty object: refusing the whole
// conversation would end the agent that replays them.
QJsonObject argumentsObject(const QJsonValue &arguments) {
    if (arguments.isObject()) return arguments.toObject();
    return QJsonDocument::fromJson(arguments.toString().toUtf8()).object();
}

QJsonArray toolCallsFrom(const QJsonArray &calls, QHash<QString, QString> *names) {
    QJsonArray out;
    for (const QJsonValue &v : calls) {
        const QJsonObject call = v.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        const QString name = function.value(QLatin1String("name")).toString();
        names->insert(call.value(QLatin1String("id")).toString(), name);
        out.append(QJsonObject{
            {QStringLiteral("function"),
             QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("arguments"),
                          argumentsObject(function.value(QLatin1String("arguments")))}}}});
    }
    return out;
}

bool messagesFrom(const QJsonArray &messages, QJsonArray *out, QString *error) {
    QHash<QString, QString> toolNames;  // call id -> function name
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString path = at(QStringLiteral("messages"), i);
        const QJsonObject message = messages.at(i).toObject();
        QString role = message.value(QLatin1String("role")).toString();
        if (role == QLatin1String("developer")) role = QStringLiteral("system");
        if (role != QLatin1String("system") && role != QLatin1String("user") &&
            role != QLatin1String("assistant") && role != QLatin1String("tool"))
            return fail(error, path + QStringLiteral(".role"),
                        QStringLiteral("expected system, user, assistant or tool"));
        QString text;
        QJsonArray images;
        if (!readContent(message.value(QLatin1String("content")), path + QStringLiteral(".content"),
                         &text, &images, error))
            return false;
        QJsonObject o{{QStringLiteral("role"), role}, {QStringLiteral("content"), text}};
        if (!images.isEmpty()) o.insert(QStringLiteral("images"), images);
        if (role == QLatin1String("assistant")) {
            const QString thinking = message.value(QLatin1String("reasoning_content")).toString();
            if (!thinking.isEmpty()) o.insert(QStringLiteral("thinking"), thinking);
            const QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
            if (!calls.isEmpty())
                o.insert(QStringLiteral("tool_calls"), toolCallsFrom(calls, &toolNames));
        } else if (role == QLatin1String("tool")) {
            // Ollama matches a result to its call by the function's name.
            const QString name =
                toolNames.value(message.value(QLatin1String("tool_call_id")).toString(),
                                message.value(QLatin1String("name")).toString());
            if (!name.isEmpty()) o.insert(QStringLiteral("tool_name"), name);
        }
        out->append(o);
    }
    return true;
}

// Chat's function tools as they are (Ollama reads the same shape), without
// what only other providers read.
QJsonArray toolsFrom(const QJsonArray &tools) {
    QJsonArray out;
    for (const QJsonValue &v : tools) {
        const QJsonObject tool = v.toObject();
        if (tool.value(QLatin1String("type")).toString(QStringLiteral("function")) !=
            QLatin1String("function"))
            continue;
        out.append(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                        {QStringLiteral("function"), tool.value(QLatin1String("function"))}});
    }
    return out;
}

// response_format -> format: a JSON schema as it is, json_object as "json".
QJsonValue formatFrom(const QJsonObject &responseFormat) {
    const QString type = responseFormat.value(QLatin1String("type")).toString();
    if (type == QLatin1String("json_object")) return QStringLiteral("json");
    if (type == QLatin1String("json_schema")) {
        const QJsonValue schema = responseFormat.value(QLatin1String("json_schema"))
                                      .toObject()
                                      .value(QLatin1String("schema"));
        return schema.isObject() ? schema : QJsonValue(QStringLiteral("json"));
    }
    return QJsonValue::Undefined;
}

// reasoning_effort or Anthropic's thinking -> think. gpt-oss models take a
// level; the others think or not.
QJsonValue thinkFrom(const QJsonObject &chat, const QString &model) {
    const QJsonValue effort = chat.value(QLatin1String("reasoning_effort"));
    if (effort.isString()) {
        const QString level = effort.toString();
        if (level == QLatin1String("none")) return false;
        if (!model.contains(QLatin1String("gpt-oss"))) return true;
        if (level == QLatin1String("minimal")) return QStringLiteral("low");
        return level;
    }
    const QJsonObject thinking = chat.value(QLatin1String("thinking")).toObject();
    const QString type = thinking.value(QLatin1String("type")).toString();
    if (type == QLatin1String("enabled") || type == QLatin1String("adaptive")) return true;
    if (type == QLatin1String("disabled")) return false;
    return QJsonValue::Undefined;
}

QJsonObject optionsFrom(const QJsonObject &chat, int numCtx) {
    QJsonObject options;
    for (const char *same : {"temperature", "top_p", "top_k", "seed", "presence_penalty",
                             "frequency_penalty", "min_p"}) {
        const QJsonValue v = chat.value(QLatin1String(same));
        if (v.isDouble()) options.insert(QLatin1String(same), v);
    }
    const QJsonValue stop = chat.value(QLatin1String("stop"));
    if (stop.isString())
        options.insert(QStringLiteral("stop"), QJsonArray{stop});
    else if (stop.isArray())
        options.insert(QStringLiteral("stop"), stop);
    QJsonValue maxTokens = chat.value(QLatin1String("max_completion_tokens"));
    if (!maxTokens.isDouble()) maxTokens = chat.value(QLatin1String("max_tokens"));
    if (maxTokens.isDouble()) options.insert(QStringLiteral("num_predict"), maxTokens);
    if (numCtx > 0) options.insert(QStringLiteral("num_ctx"), numCtx);
    return options;
}

}  // namespace

bool chatRequestToOllama(const QJsonObject &chat, const QString &model, int numCtx, bool stream,
                         QJsonObject *request, QString *error) {
    const QJsonValue messages = chat.value(QLatin1String("messages"));
    if (!messages.isArray())
        return fail(error, QStringLiteral("messages"), QStringLiteral("expected an array"));
    QJsonArray out;
    if (!messagesFrom(messages.toArray(), &out, error)) return false;
    QJsonObject r{{QStringLiteral("model"), model},
                  {QStringLiteral("messages"), out},
                  {QStringLiteral("stream"), stream}};
    // tool_choice "none": the model may not call, so it is not offered any.
    const bool noTools =
        chat.value(QLatin1String("tool_choice")).toString() == QLatin1String("none");
    const QJsonArray tools = toolsFrom(chat.value(QLatin1String("tools")).toArray());
    if (!tools.isEmpty() && !noTools) r.insert(QStringLiteral("tools"), tools);
    const QJsonValue format = formatFrom(chat.value(QLatin1String("response_format")).toObject());
    if (!format.isUndefined()) r.insert(QStringLiteral("format"), format);
    const QJsonValue think = thinkFrom(chat, model);
    if (!think.isUndefined()) r.insert(QStringLiteral("think"), think);
    const QJsonObject options = optionsFrom(chat, numCtx);
    if (!options.isEmpty()) r.insert(QStringLiteral("options"), options);
    if (chat.contains(QLatin1String("keep_alive")))
        r.insert(QStringLiteral("keep_alive"), chat.value(QLatin1String("keep_alive")));
    *request = std::move(r);
    return true;
}

}  // namespace gatehouse::ollama
