// Gemini generateContent request -> canonical chat request.
#include "GeminiShared.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::gemini {

QJsonObject jsonSchemaFrom(const QJsonObject &schema) {
    QJsonObject out;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const QString key = it.key();
        QJsonValue value = it.value();
        if (key == QLatin1String("type") && value.isString()) {
            value = value.toString().toLower();
        } else if (key == QLatin1String("properties") && value.isObject()) {
            QJsonObject props;
            const QJsonObject in = value.toObject();
            for (auto p = in.begin(); p != in.end(); ++p)
                props.insert(p.key(), jsonSchemaFrom(p.value().toObject()));
            value = props;
        } else if ((key == QLatin1String("items") ||
                    key == QLatin1String("additionalProperties")) &&
                   value.isObject()) {
            value = jsonSchemaFrom(value.toObject());
        } else if (key == QLatin1String("anyOf") && value.isArray()) {
            QJsonArray any;
            for (const QJsonValue &v : value.toArray()) any.append(jsonSchemaFrom(v.toObject()));
            value = any;
        } else if (key == QLatin1String("nullable") || key == QLatin1String("propertyOrdering")) {
            continue;  // no JSON Schema keyword of that name
        }
        out.insert(key, value);
    }
    return out;
}

namespace {

// Every string "type" in a JSON Schema, at any depth, in lower case.
QJsonValue lowerCaseTypes(const QJsonValue &value) {
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray()) out.append(lowerCaseTypes(v));
        return out;
    }
    if (!value.isObject()) return value;
    QJsonObject out = value.toObject();
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (it.key() == QLatin1String("type") && it.value().isString())
            it.value() = it.value().toString().toLower();
        else if (it.value().isObject() || it.value().isArray())
            it.value() = lowerCaseTypes(it.value());
    }
    return out;
}

bool fail(QString *error, const QString &path, const QString &what) {
    *error = path + QStringLiteral(": ") + what;
    return false;
}

QString at(const QString &path, qsizetype i) {
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

QString compact(const QJsonValue &v) {
    return QString::fromUtf8(v.isObject()
                                 ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
}

// Reads the turns, pairing each functionResponse with the call it answers:
// by id when Gemini gave one, else the oldest open call of that name.
class ContentsReader {
public:
    ContentsReader(QJsonArray *messages, QStringList *dropped)
        : messages_(messages), dropped_(dropped) {}

    bool read(const QJsonArray &contents, QString *error) {
        for (qsizetype i = 0; i < contents.size(); ++i) {
            const QString path = at(QStringLiteral("contents"), i);
            if (!contents.at(i).isObject())
                return fail(error, path, QStringLiteral("expected a content object"));
            const QJsonObject content = contents.at(i).toObject();
            const QJsonValue parts = content.value(QLatin1String("parts"));
            if (!parts.isArray())
                return fail(error, path + QStringLiteral(".parts"),
                            QStringLiteral("expected an array"));
            const QString role =
                content.value(QLatin1String("role")).toString(QStringLiteral("user"));
            if (role == QLatin1String("model")) {
                if (!readModel(parts.toArray(), path + QStringLiteral(".parts"), error))
                    return false;
            } else {
                readUser(parts.toArray(), path + QStringLiteral(".parts"));
            }
        }
        return true;
    }

private:
    bool readModel(const QJsonArray &parts, const QString &path, QString *error) {
        QString text;
        QJsonArray calls;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject part = parts.at(i).toObject();
            const QString partPath = at(path, i);
            if (part.value(QLatin1String("thought")).toBool()) {
                dropped_->append(partPath + QStringLiteral(" (thought)"));
                continue;
            }
            if (part.value(QLatin1String("text")).isString()) {
                text += part.value(QLatin1String("text")).toString();
                continue;
            }
            const QJsonValue fc = field(part, "functionCall", "function_call");
            if (fc.isObject()) {
                const QJsonObject call = fc.toObject();
                const QString name = call.value(QLatin1String("name")).toString();
                if (name.isEmpty())
                    return fail(error, partPath + QStringLiteral(".functionCall.name"),
                                QStringLiteral("expected a non-empty string"));
                QString id = call.value(QLatin1String("id")).toString();
                if (id.isEmpty()) id = QStringLiteral("call_%1_%2").arg(name).arg(++callCount_);
                open_.append({id, name});
                calls.append(QJsonObject{
                    {QStringLiteral("id"), id},
                    {QStringLiteral("type"), QStringLiteral("function")},
                    {QStringLiteral("function"),
                     QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("arguments"),
                                  compact(call.value(QLatin1String("args")).toObject())}}}});
                continue;
            }
            dropped_->append(QStringLiteral("%1 (%2)").arg(partPath, partKind(part)));
        }
        QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}};
        message[QStringLiteral("content")] =
            text.isEmpty() && !calls.isEmpty() ? QJsonValue() : QJsonValue(text);
        if (!calls.isEmpty()) message[QStringLiteral("tool_calls")] = calls;
        messages_->append(message);
        return true;
    }

    // Every user part can be read or dropped: nothing here fails.
    bool readUser(const QJsonArray &parts, const QString &path) {
        // The usual turn, one text part: a plain user message.
        if (parts.size() == 1) {
            const QJsonValue text = parts.at(0).toObject().value(QLatin1String("text"));
            if (text.isString()) {
                messages_->append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), text}});
                return true;
            }
        }
        QJsonArray chatParts;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject part = parts.at(i).toObject();
            const auto partPath = [&] { return at(path, i); };
            if (part.value(QLatin1String("text")).isString()) {
                chatParts.append(
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), part.value(QLatin1String("text"))}});
                continue;
            }
            const QJsonValue inline_ = field(part, "inlineData", "inline_data");
            if (inline_.isObject()) {
                const QJsonObject data = inline_.toObject();
                const QString mime = field(data, "mimeType", "mime_type").toString();
                const QString url = QStringLiteral("data:%1;base64,%2")
                                        .arg(mime, data.value(QLatin1String("data")).toString());
                if (mime.startsWith(QLatin1String("image/")))
                    chatParts.append(QJsonObject{
                        {QStringLiteral("type"), QStringLiteral("image_url")},
                        {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), url}}}});
                else
                    chatParts.append(QJsonObject{
                        {QStringLiteral("type"), QStringLiteral("file")},
                        {QStringLiteral("file"), QJsonObject{{QStringLiteral("file_data"), url}}}});
                continue;
            }
            const QJsonValue fr = field(part, "functionResponse", "function_response");
            if (fr.isObject()) {
                const QJsonObject response = fr.toObject();
                const QString name = response.value(QLatin1String("name")).toString();
                const QString id = takeCallId(response.value(QLatin1String("id")).toString(), name);
                const QJsonValue body = response.value(QLatin1String("response"));
                // {"output": "..."} is the usual shape; anything else goes as JSON.
                const QJsonValue output = body.toObject().value(QLatin1String("output"));
                const QString text = output.isString() ? output.toString()
                                     : body.isObject() ? compact(body)
                                                       : body.toString();
                messages_->append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                              {QStringLiteral("tool_call_id"), id},
                                              {QStringLiteral("content"), text}});
                continue;
            }
            dropped_->append(QStringLiteral("%1 (%2)").arg(partPath(), partKind(part)));
        }
        if (chatParts.isEmpty()) return true;
        // One text part is plain content; several stay parts (joining them
        // would need a separator the client did not write).
        const bool oneText =
            chatParts.size() == 1 &&
            chatParts.at(0).toObject().value(QLatin1String("type")) == QLatin1String("text");
        messages_->append(
            QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                        {QStringLiteral("content"),
                         oneText ? chatParts.at(0).toObject().value(QLatin1String("text"))
                                 : QJsonValue(chatParts)}});
        return true;
    }

    QString takeCallId(const QString &id, const QString &name) {
        for (qsizetype i = 0; i < open_.size(); ++i) {
            if ((!id.isEmpty() && open_[i].first == id) ||
                (id.isEmpty() && open_[i].second == name)) {
                const QString found = open_[i].first;
                open_.removeAt(i);
                return found;
            }
        }
        return id.isEmpty() ? QStringLiteral("call_%1_%2").arg(name).arg(++callCount_) : id;
    }

    static QString partKind(const QJsonObject &part) {
        return part.isEmpty() ? QStringLiteral("empty part") : part.begin().key();
    }

    QJsonArray *messages_;
    QStringList *dropped_;
    QList<std::pair<QString, QString>> open_;  // (id, name) of calls not answered yet
    int callCount_ = 0;
};

QString systemText(const QJsonValue &instruction) {
    if (instruction.isString()) return instruction.toString();
    QStringList texts;
    for (const QJsonValue &p : instruction.toObject().value(QLatin1String("parts")).toArray())
        if (p.toObject().value(QLatin1String("text")).isString())
            texts << p.toObject().value(QLatin1String("text")).toString();
    return texts.join(QLatin1Char('\n'));
}

void convertTools(const QJsonArray &in, QJsonArray *tools, QStringList *dropped) {
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QJsonObject tool = in.at(i).toObject();
        for (auto it = tool.begin(); it != tool.end(); ++it) {
            if (it.key() != QLatin1String("functionDeclarations") &&
                it.key() != QLatin1String("function_declarations")) {
                // googleSearch, codeExecution, urlContext: Google runs them.
                dropped->append(QStringLiteral("tools[%1].%2").arg(i).arg(it.key()));
                continue;
            }
            for (const QJsonValue &d : it.value().toArray()) {
                const QJsonObject decl = d.toObject();
                QJsonObject function{{QStringLiteral("name"), decl.value(QLatin1String("name"))}};
                if (decl.value(QLatin1String("description")).isString())
                    function[QStringLiteral("description")] =
                        decl.value(QLatin1String("description"));
                const QJsonValue jsonSchema =
                    field(decl, "parametersJsonSchema", "parameters_json_schema");
                const QJsonValue schema = decl.value(QLatin1String("parameters"));
                function[QStringLiteral("parameters")] =
                    jsonSchema.isObject() ? jsonSchema.toObject()
                    : schema.isObject()
                        ? jsonSchemaFrom(schema.toObject())
                        : QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                      {QStringLiteral("properties"), QJsonObject()}};
                tools->append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                          {QStringLiteral("function"), function}});
            }
        }
    }
}

void convertToolConfig(const QJsonObject &config, QJsonObject *chat) {
    const QJsonObject calling =
        field(config, "functionCallingConfig", "function_calling_config").toObject();
    const QString mode = calling.value(QLatin1String("mode")).toString().toUpper();
    const QJsonArray allowed =
        field(calling, "allowedFunctionNames", "allowed_function_names").toArray();
    if (mode == QLatin1String("NONE")) {
        (*chat)[QStringLiteral("tool_choice")] = QStringLiteral("none");
    } else if (mode == QLatin1String("ANY") || mode == QLatin1String("VALIDATED")) {
        if (allowed.size() == 1)
            (*chat)[QStringLiteral("tool_choice")] = QJsonObject{
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), allowed.at(0)}}}};
        else
            (*chat)[QStringLiteral("tool_choice")] = QStringLiteral("required");
    }
}

void convertGenerationConfig(const QJsonObject &config, QJsonObject *chat, QStringList *dropped) {
    for (auto it = config.begin(); it != config.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == QLatin1String("temperature"))
            (*chat)[key] = v;
        else if (key == QLatin1String("topP") || key == QLatin1String("top_p"))
            (*chat)[QStringLiteral("top_p")] = v;
        else if (key == QLatin1String("maxOutputTokens") ||
                 key == QLatin1String("max_output_tokens"))
            (*chat)[QStringLiteral("max_tokens")] = v;
        else if (key == QLatin1String("stopSequences") || key == QLatin1String("stop_sequences"))
            (*chat)[QStringLiteral("stop")] = v;
        else if (key == QLatin1String("candidateCount") || key == QLatin1String("candidate_count"))
            (*chat)[QStringLiteral("n")] = v;
        else if (key == QLatin1String("seed"))
            (*chat)[key] = v;
        else if (key == QLatin1String("presencePenalty") ||
                 key == QLatin1String("presence_penalty"))
            (*chat)[QStringLiteral("presence_penalty")] = v;
        else if (key == QLatin1String("frequencyPenalty") ||
                 key == QLatin1String("frequency_penalty"))
            (*chat)[QStringLiteral("frequency_penalty")] = v;
        else if (key == QLatin1String("responseMimeType") ||
                 key == QLatin1String("response_mime_type")) {
            if (v.toString() == QLatin1String("application/json") &&
                !chat->contains(QLatin1String("response_format")))
                (*chat)[QStringLiteral("response_format")] =
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}};
        } else if (key == QLatin1String("responseSchema") ||
                   key == QLatin1String("response_schema") ||
                   key == QLatin1String("responseJsonSchema") ||
                   key == QLatin1String("response_json_schema")) {
            // responseJsonSchema is JSON Schema already; responseSchema is Gemini's dialect.
            // Gemini's schema dialect writes types in capitals; clients send
            // them so in responseJsonSchema too (Gemini CLI does), where JSON
            // Schema's are lower case: only those are lowered there.
            const bool isJsonSchema = key.contains(QLatin1String("json"), Qt::CaseInsensitive);
            const QJsonObject schema =
                isJsonSchema ? lowerCaseTypes(v).toObject() : jsonSchemaFrom(v.toObject());
            (*chat)[QStringLiteral("response_format")] =
                QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                            {QStringLiteral("json_schema"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("response")},
                                         {QStringLiteral("schema"), schema}}}};
        } else if (key == QLatin1String("thinkingConfig") ||
                   key == QLatin1String("thinking_config")) {
            const QJsonValue budget = field(v.toObject(), "thinkingBudget", "thinking_budget");
            const QString level =
                field(v.toObject(), "thinkingLevel", "thinking_level").toString().toLower();
            if (!level.isEmpty())
                (*chat)[QStringLiteral("reasoning_effort")] = level;
            else if (budget.isDouble() && budget.toInt() > 0)
                (*chat)[QStringLiteral("reasoning_effort")] =
                    budget.toInt() <= 1024   ? QStringLiteral("low")
                    : budget.toInt() <= 8192 ? QStringLiteral("medium")
                                             : QStringLiteral("high");
        } else if (key == QLatin1String("topK") || key == QLatin1String("top_k")) {
            (*chat)[QStringLiteral("top_k")] = v;
        } else {
            dropped->append(QStringLiteral("generationConfig.") + key);
        }
    }
}

}  // namespace

bool requestToChat(const QJsonObject &request, const QString &pathModel, bool stream,
                   QJsonObject *chatOut, QStringList *dropped, QString *error) {
    QJsonObject chat;
    chat[QStringLiteral("model")] = pathModel;
    if (request.contains(QLatin1String("fallbacks")))
        chat[QStringLiteral("fallbacks")] = request.value(QLatin1String("fallbacks"));
    QJsonArray messages;
    const QJsonValue system = field(request, "systemInstruction", "system_instruction");
    if (!system.isUndefined() && !system.isNull()) {
        const QString text = systemText(system);
        if (!text.isEmpty())
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                        {QStringLiteral("content"), text}});
    }
    const QJsonValue contents = request.value(QLatin1String("contents"));
    if (!contents.isArray())
        return fail(error, QStringLiteral("contents"),
                    QStringLiteral("expected an array of contents"));
    ContentsReader reader(&messages, dropped);
    if (!reader.read(contents.toArray(), error)) return false;
    chat[QStringLiteral("messages")] = messages;

    QJsonArray tools;
    convertTools(request.value(QLatin1String("tools")).toArray(), &tools, dropped);
    if (!tools.isEmpty()) {
        chat[QStringLiteral("tools")] = tools;
        convertToolConfig(field(request, "toolConfig", "tool_config").toObject(), &chat);
    }
    convertGenerationConfig(field(request, "generationConfig", "generation_config").toObject(),
                            &chat, dropped);
    if (stream) {
        chat[QStringLiteral("stream")] = true;
    }
    static const QStringList kRead{
        QStringLiteral("contents"),           QStringLiteral("systemInstruction"),
        QStringLiteral("system_instruction"), QStringLiteral("tools"),
        QStringLiteral("toolConfig"),         QStringLiteral("tool_config"),
        QStringLiteral("generationConfig"),   QStringLiteral("generation_config"),
        QStringLiteral("fallbacks"),          QStringLiteral("model")};
    for (auto it = request.begin(); it != request.end(); ++it)
        if (!kRead.contains(it.key()) && !it.value().isNull()) dropped->append(it.key());
    *chatOut = chat;
    return true;
}

}  // namespace gatehouse::gemini
