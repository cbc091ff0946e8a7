// Canonical chat request -> Gemini generateContent request.
#include "GeminiTranslate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::gemini {

namespace {

bool fail(QString *error, const QString &path, const QString &what) {
    *error = path + QStringLiteral(": ") + what;
    return false;
}

QString at(const QString &path, qsizetype i) {
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

QJsonObject textPart(const QString &text) {
    return {{QStringLiteral("text"), text}};
}

// "data:image/png;base64,AAAA" -> inlineData; false if `url` is no base64 data URL.
bool inlineDataFrom(const QString &url, QJsonObject *part) {
    if (!url.startsWith(QLatin1String("data:"))) return false;
    const qsizetype comma = url.indexOf(QLatin1Char(','));
    const qsizetype marker = url.lastIndexOf(QLatin1String(";base64"), comma);
    if (comma < 0 || marker < 0) return false;
    *part = {{QStringLiteral("inlineData"),
              QJsonObject{{QStringLiteral("mimeType"), url.mid(5, marker - 5)},
                          {QStringLiteral("data"), url.mid(comma + 1)}}}};
    return true;
}

// A URL Gemini fetches itself (gs://, https://, a Files API URI).
QJsonObject fileDataFrom(const QString &url) {
    QJsonObject data{{QStringLiteral("fileUri"), url}};
    const QString lower = url.section(QLatin1Char('?'), 0, 0).toLower();
    static const QList<std::pair<const char *, const char *>> kTypes{
        {".png", "image/png"},  {".jpg", "image/jpeg"},  {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},  {".webp", "image/webp"}, {".pdf", "application/pdf"},
        {".mp3", "audio/mpeg"}, {".wav", "audio/wav"},   {".mp4", "video/mp4"},
        {".txt", "text/plain"}, {".heic", "image/heic"}, {".heif", "image/heif"}};
    for (const auto &[suffix, mime] : kTypes)
        if (lower.endsWith(QLatin1String(suffix)))
            data[QStringLiteral("mimeType")] = QLatin1String(mime);
    return {{QStringLiteral("fileData"), data}};
}

// One part of a user (or system) message's content array.
bool partFrom(const QJsonObject &part, const QString &path, QJsonObject *out, QString *error) {
    const QString type = part.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text")) {
        *out = textPart(part.value(QLatin1String("text")).toString());
        return true;
    }
    if (type == QLatin1String("image_url")) {
        const QJsonValue image = part.value(QLatin1String("image_url"));
        const QString url = image.isString()
                                ? image.toString()
                                : image.toObject().value(QLatin1String("url")).toString();
        if (url.isEmpty())
            return fail(error, path + QStringLiteral(".image_url.url"),
                        QStringLiteral("expected the image's URL or data: URL"));
        if (!inlineDataFrom(url, out)) *out = fileDataFrom(url);
        return true;
    }
    if (type == QLatin1String("input_audio")) {
        const QJsonObject audio = part.value(QLatin1String("input_audio")).toObject();
        const QString format = audio.value(QLatin1String("format")).toString();
        *out = {{QStringLiteral("inlineData"),
                 QJsonObject{{QStringLiteral("mimeType"), format == QLatin1String("mp3")
                                                              ? QStringLiteral("audio/mp3")
                                                              : QStringLiteral("audio/") + format},
                             {QStringLiteral("data"), audio.value(QLatin1String("data"))}}}};
        return true;
    }
    if (type == QLatin1String("file")) {
        const QJsonObject file = part.value(QLatin1String("file")).toObject();
        const QString data = file.value(QLatin1String("file_data")).toString();
        if (inlineDataFrom(data, out)) return true;
        const QString id = file.value(QLatin1String("file_id")).toString();
        if (!id.isEmpty()) {
            *out = fileDataFrom(id);
            return true;
        }
        return fail(error, path + QStringLiteral(".file"),
                    QStringLiteral("expected file_data as a base64 data: URL, or a file_id"));
    }
    return fail(error, path + QStringLiteral(".type"),
                QStringLiteral("Gemini takes text, image_url, input_audio and file parts, not "
                               "\"%1\"")
                    .arg(type));
}

bool partsFrom(const QJsonValue &content, const QString &path, QJsonArray *parts, QString *error) {
    if (content.isString()) {
        if (!content.toString().isEmpty()) parts->append(textPart(content.toString()));
        return true;
    }
    if (content.isNull() || content.isUndefined()) return true;
    if (!content.isArray())
        return fail(error, path, QStringLiteral("expected a string or an array of parts"));
    const QJsonArray in = content.toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        QJsonObject part;
        if (!partFrom(in.at(i).toObject(), at(path, i), &part, error)) return false;
        parts->append(part);
    }
    return true;
}

QJsonObject argsFrom(const QJsonValue &arguments) {
    if (arguments.isObject()) return arguments.toObject();
    return QJsonDocument::fromJson(arguments.toString().toUtf8()).object();
}

// A tool's result as Gemini's functionResponse.response: a JSON object as
// it is, anything else as {"output": text} (what the Gemini codec reads back).
QJsonObject toolResponseFrom(const QJsonValue &content) {
    QString text;
    if (content.isArray()) {
        for (const QJsonValue &p : content.toArray())
            text += p.toObject().value(QLatin1String("text")).toString();
    } else {
        text = content.toString();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isObject()) return doc.object();
    return {{QStringLiteral("output"), text}};
}

class ContentsWriter {
public:
    bool write(const QJsonArray &messages, QJsonArray *system, QJsonArray *contents,
               QString *error) {
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QString path = at(QStringLiteral("messages"), i);
            const QJsonObject m = messages.at(i).toObject();
            const QString role = m.value(QLatin1String("role")).toString();
            const QJsonValue content = m.value(QLatin1String("content"));
            if (role == QLatin1String("system") || role == QLatin1String("developer")) {
                if (!partsFrom(content, path + QStringLiteral(".content"), system, error))
                    return false;
            } else if (role == QLatin1String("user")) {
                QJsonArray parts;
                if (!partsFrom(content, path + QStringLiteral(".content"), &parts, error))
                    return false;
                if (!parts.isEmpty()) add(contents, QStringLiteral("user"), parts, false);
            } else if (role == QLatin1String("assistant")) {
                if (!writeAssistant(m, path, contents, error)) return false;
            } else if (role == QLatin1String("tool")) {
                if (!writeToolResult(m, path, contents, error)) return false;
            } else {
                return fail(error, path + QStringLiteral(".role"),
                            QStringLiteral("expected system, developer, user, assistant or tool, "
                                           "got \"%1\"")
                                .arg(role));
            }
        }
        return true;
    }

private:
    bool writeAssistant(const QJsonObject &m, const QString &path, QJsonArray *contents,
                        QString *error) {
        QJsonArray parts;
        if (!partsFrom(m.value(QLatin1String("content")), path + QStringLiteral(".content"), &parts,
                       error))
            return false;
        const QJsonArray calls = m.value(QLatin1String("tool_calls")).toArray();
        for (qsizetype i = 0; i < calls.size(); ++i) {
            const QJsonObject call = calls.at(i).toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            const QString name = function.value(QLatin1String("name")).toString();
            if (name.isEmpty())
                return fail(
                    error,
                    at(path + QStringLiteral(".tool_calls"), i) + QStringLiteral(".function.name"),
                    QStringLiteral("expected the called function's name"));
            const QString id = call.value(QLatin1String("id")).toString();
            if (!id.isEmpty()) callNames_.insert(id, name);
            QJsonObject fc{
                {QStringLiteral("name"), name},
                {QStringLiteral("args"), argsFrom(function.value(QLatin1String("arguments")))}};
            if (!id.isEmpty()) fc[QStringLiteral("id")] = id;
            parts.append(QJsonObject{{QStringLiteral("functionCall"), fc}});
        }
        if (!parts.isEmpty()) add(contents, QStringLiteral("model"), parts, false);
        return true;
    }

    // Tool results answering one turn's calls go together in one user turn.
    bool writeToolResult(const QJsonObject &m, const QString &path, QJsonArray *contents,
                         QString *error) {
        const QString id = m.value(QLatin1String("tool_call_id")).toString();
        QString name = callNames_.value(id, m.value(QLatin1String("name")).toString());
        if (name.isEmpty())
            return fail(error, path + QStringLiteral(".tool_call_id"),
                        QStringLiteral("\"%1\" answers no tool call of an earlier assistant "
                                       "message; Gemini needs the function's name")
                            .arg(id));
        QJsonObject response{
            {QStringLiteral("name"), name},
            {QStringLiteral("response"), toolResponseFrom(m.value(QLatin1String("content")))}};
        if (!id.isEmpty()) response[QStringLiteral("id")] = id;
        add(contents, QStringLiteral("user"),
            QJsonArray{QJsonObject{{QStringLiteral("functionResponse"), response}}}, true);
        return true;
    }

    void add(QJsonArray *contents, const QString &role, const QJsonArray &parts, bool toolResult) {
        if (toolResult && lastWasToolResult_ && !contents->isEmpty()) {
            QJsonObject last = contents->last().toObject();
            QJsonArray merged = last.value(QLatin1String("parts")).toArray();
            for (const QJsonValue &p : parts) merged.append(p);
            last[QStringLiteral("parts")] = merged;
            (*contents)[contents->size() - 1] = last;
        } else {
            contents->append(
                QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("parts"), parts}});
        }
        lastWasToolResult_ = toolResult;
    }

    QHash<QString, QString> callNames_;  // tool_call id -> function name
    bool lastWasToolResult_ = false;
};

bool writeTools(const QJsonArray &tools, QJsonObject *request, QString *error) {
    QJsonArray declarations;
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonObject tool = tools.at(i).toObject();
        if (tool.value(QLatin1String("type")).toString(QStringLiteral("function")) !=
            QLatin1String("function"))
            return fail(error, at(QStringLiteral("tools"), i) + QStringLiteral(".type"),
                        QStringLiteral("Gemini takes function tools only"));
        const QJsonObject function = tool.value(QLatin1String("function")).toObject();
        QJsonObject decl{{QStringLiteral("name"), function.value(QLatin1String("name"))}};
        if (function.value(QLatin1String("description")).isString())
            decl[QStringLiteral("description")] = function.value(QLatin1String("description"));
        // JSON Schema as it is: Gemini reads it whole under parametersJsonSchema.
        if (function.value(QLatin1String("parameters")).isObject())
            decl[QStringLiteral("parametersJsonSchema")] =
                function.value(QLatin1String("parameters"));
        declarations.append(decl);
    }
    if (!declarations.isEmpty())
        (*request)[QStringLiteral("tools")] =
            QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"), declarations}}};
    return true;
}

void writeToolChoice(const QJsonValue &choice, QJsonObject *request) {
    QJsonObject calling;
    if (choice.isString()) {
        const QString c = choice.toString();
        calling[QStringLiteral("mode")] = c == QLatin1String("none")       ? QStringLiteral("NONE")
                                          : c == QLatin1String("required") ? QStringLiteral("ANY")
                                                                           : QStringLiteral("AUTO");
    } else if (choice.isObject()) {
        const QString name = choice.toObject()
                                 .value(QLatin1String("function"))
                                 .toObject()
                                 .value(QLatin1String("name"))
                                 .toString();
        calling[QStringLiteral("mode")] = QStringLiteral("ANY");
        if (!name.isEmpty()) calling[QStringLiteral("allowedFunctionNames")] = QJsonArray{name};
    } else {
        return;
    }
    (*request)[QStringLiteral("toolConfig")] =
        QJsonObject{{QStringLiteral("functionCallingConfig"), calling}};
}

// The effort as a thinking budget (the Gemini codec reads budgets back into
// efforts at the same bounds: up to 1024 low, up to 8192 medium).
QJsonObject thinkingConfigFor(const QString &effort) {
    if (effort == QLatin1String("none")) return {{QStringLiteral("thinkingBudget"), 0}};
    const int budget = effort == QLatin1String("minimal") ? 512
                       : effort == QLatin1String("low")   ? 1024
                       : effort == QLatin1String("high")  ? 24576
                                                          : 8192;
    return {{QStringLiteral("thinkingBudget"), budget}, {QStringLiteral("includeThoughts"), true}};
}

void writeGenerationConfig(const QJsonObject &chat, QJsonObject *request) {
    QJsonObject config;
    auto copy = [&](const char *from, const char *to) {
        const QJsonValue v = chat.value(QLatin1String(from));
        if (!v.isUndefined() && !v.isNull()) config[QLatin1String(to)] = v;
    };
    copy("temperature", "temperature");
    copy("top_p", "topP");
    copy("top_k", "topK");
    copy("n", "candidateCount");
    copy("seed", "seed");
    copy("presence_penalty", "presencePenalty");
    copy("frequency_penalty", "frequencyPenalty");
    copy("max_tokens", "maxOutputTokens");
    copy("max_completion_tokens", "maxOutputTokens");
    const QJsonValue stop = chat.value(QLatin1String("stop"));
    if (stop.isString())
        config[QStringLiteral("stopSequences")] = QJsonArray{stop};
    else if (stop.isArray())
        config[QStringLiteral("stopSequences")] = stop;
    const QJsonObject format = chat.value(QLatin1String("response_format")).toObject();
    const QString type = format.value(QLatin1String("type")).toString();
    if (type == QLatin1String("json_object") || type == QLatin1String("json_schema"))
        config[QStringLiteral("responseMimeType")] = QStringLiteral("application/json");
    const QJsonValue schema =
        format.value(QLatin1String("json_schema")).toObject().value(QLatin1String("schema"));
    if (type == QLatin1String("json_schema") && schema.isObject())
        config[QStringLiteral("responseJsonSchema")] = schema;
    const QString effort = chat.value(QLatin1String("reasoning_effort")).toString();
    if (!effort.isEmpty()) config[QStringLiteral("thinkingConfig")] = thinkingConfigFor(effort);
    if (!config.isEmpty()) (*request)[QStringLiteral("generationConfig")] = config;
}

}  // namespace

bool chatRequestToGemini(const QJsonObject &chat, QJsonObject *request, QString *error) {
    const QJsonValue messages = chat.value(QLatin1String("messages"));
    if (!messages.isArray())
        return fail(error, QStringLiteral("messages"),
                    QStringLiteral("expected an array of messages"));
    QJsonObject out;
    QJsonArray system;
    QJsonArray contents;
    ContentsWriter writer;
    if (!writer.write(messages.toArray(), &system, &contents, error)) return false;
    if (!system.isEmpty())
        out[QStringLiteral("systemInstruction")] = QJsonObject{{QStringLiteral("parts"), system}};
    out[QStringLiteral("contents")] = contents;
    if (!writeTools(chat.value(QLatin1String("tools")).toArray(), &out, error)) return false;
    if (out.contains(QLatin1String("tools")))
        writeToolChoice(chat.value(QLatin1String("tool_choice")), &out);
    writeGenerationConfig(chat, &out);
    *request = out;
    return true;
}

}  // namespace gatehouse::gemini
