#include "ResponsesRequestBytes.h"

#include "JsonMembers.h"
#include "ResponsesShared.h"

#include "http/ByteAppend.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::responses {

namespace {

QByteArray rawBytes(QByteArrayView v) {
    return QByteArray::fromRawData(v.data(), v.size());
}

// The end of the value that starts at `at` in well-formed JSON text.
qsizetype valueEnd(QByteArrayView text, qsizetype at) {
    int depth = 0;
    bool inString = false;
    for (qsizetype i = at; i < text.size(); ++i) {
        const char c = text.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"') {
                inString = false;
                if (depth == 0) return i + 1;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i;  // a scalar ends at its container's end
            if (--depth == 0) return i + 1;
        } else if (depth == 0 && (c == ',' || isSpace(c))) {
            return i;
        }
    }
    return text.size();
}

// The elements of an array value (already checked well-formed); false when
// the value is no array.
bool elementsOf(QByteArrayView array, QList<QByteArrayView> *out) {
    out->clear();
    if (array.size() < 2 || array.front() != '[') return false;
    const QByteArrayView inner = array.sliced(1, array.size() - 2);
    qsizetype i = 0;
    while (true) {
        while (i < inner.size() && (isSpace(inner.at(i)) || inner.at(i) == ',')) ++i;
        if (i >= inner.size()) return true;
        const qsizetype end = valueEnd(inner, i);
        out->append(inner.sliced(i, end - i));
        i = end;
    }
}

bool isString(QByteArrayView v) {
    return !v.isEmpty() && v.front() == '"';
}
bool isNull(QByteArrayView v) {
    return v == "null";
}
// A number Qt's parser and writer keep as written (no exponent, few digits).
bool isPlainNumber(QByteArrayView v) {
    if (v.isEmpty() || v.size() > 15) return false;
    for (const char c : v)
        if (!((c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    return true;
}
// A string's decoded text, refusing lone surrogate escapes.
bool textOf(QByteArrayView v, QString *out) {
    return isString(v) && stringOf(v, out);
}

// One message's content: a string as it is, one text part as its string,
// several text parts as chat text parts, none as "" (chatContent()).
struct Content {
    QByteArray json;
};

bool readContent(QByteArrayView content, Content *out) {
    QString text;
    if (isString(content)) {
        if (!textOf(content, &text)) return false;
        out->json = content.toByteArray();
        return true;
    }
    QList<QByteArrayView> parts;
    if (!elementsOf(content, &parts)) return false;
    QList<QByteArrayView> texts;
    for (const QByteArrayView part : std::as_const(parts)) {
        Members m;
        if (part.isEmpty() || part.front() != '{' || !m.scan(rawBytes(part))) return false;
        QByteArrayView type, textSpan;
        QString typeText;
        if (!m.value("type", &type) || !m.value("text", &textSpan) || !textOf(type, &typeText) ||
            !textOf(textSpan, &text))
            return false;
        if (typeText != QLatin1String("input_text") && typeText != QLatin1String("output_text") &&
            typeText != QLatin1String("text"))
            return false;
        texts.append(textSpan);
    }
    if (texts.isEmpty()) {
        out->json = QByteArrayLiteral("\"\"");
    } else if (texts.size() == 1) {
        out->json = texts.front().toByteArray();
    } else {
        out->json = QByteArrayLiteral("[");
        for (qsizetype i = 0; i < texts.size(); ++i) {
            if (i) appendBytes(out->json, ",");
            appendBytes(out->json, "{\"text\":");
            appendBytes(out->json, texts.at(i));
            appendBytes(out->json, ",\"type\":\"text\"}");
        }
        appendBytes(out->json, "]");
    }
    return true;
}

// One message item of "input": role user, system, developer or assistant.
bool readMessage(QByteArrayView item, QByteArray *messages) {
    Members m;
    if (item.isEmpty() || item.front() != '{' || !m.scan(rawBytes(item))) return false;
    QByteArrayView type, role, content;
    for (const JsonMemberSpan &s : m.spans()) {
        const QByteArrayView key(m.text().constData() + s.keyBegin, s.keyEnd - s.keyBegin);
        // Item ids and statuses are not read by the canonical decode either.
        if (key != "\"type\"" && key != "\"role\"" && key != "\"content\"" && key != "\"id\"" &&
            key != "\"status\"")
            return false;
    }
    if (!m.value("type", &type) || !m.value("role", &role) || !m.value("content", &content))
        return false;
    QString typeText, roleText;
    if (!type.isEmpty() && (!textOf(type, &typeText) || typeText != QLatin1String("message")))
        return false;
    if (!textOf(role, &roleText)) return false;
    const bool user = roleText == QLatin1String("user");
    const bool assistant = roleText == QLatin1String("assistant");
    if (!user && !assistant && roleText != QLatin1String("system") &&
        roleText != QLatin1String("developer"))
        return false;
    Content c;
    if (!readContent(content, &c)) return false;
    const char *chatRole = user ? "user" : assistant ? "assistant" : "system";
    if (messages->size() > 1) appendBytes(*messages, ",");
    appendBytes(*messages, "{\"content\":");
    appendBytes(*messages, c.json);
    appendBytes(*messages, ",\"role\":\"");
    appendBytes(*messages, chatRole);
    appendBytes(*messages, "\"}");
    return true;
}

// A JSON value of a member the response echoes, as QJsonDocument reads it.
bool echoValue(QByteArrayView v, QJsonValue *out) {
    if (isNull(v)) {
        *out = QJsonValue::Null;
    } else if (v == "true" || v == "false") {
        *out = v == "true";
    } else if (isString(v)) {
        QString text;
        if (!stringOf(v, &text)) return false;
        *out = text;
    } else if (isPlainNumber(v)) {
        bool ok = false;
        if (v.contains('.'))
            *out = v.toDouble(&ok);
        else
            *out = v.toLongLong(&ok);
        return ok;
    } else if (v.front() == '{') {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(v.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError) return false;
        *out = doc.object();
    } else {
        return false;
    }
    return true;
}

}  // namespace

bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        QJsonObject *context) {
    Members m;
    if (!m.scan(request)) return false;
    QByteArrayView input, instructions, user, maxTokens, temperature, topP, stream, store;
    QJsonObject echo;
    for (const JsonMemberSpan &s : m.spans()) {
        const QByteArrayView key(request.constData() + s.keyBegin + 1, s.keyEnd - s.keyBegin - 2);
        const QByteArrayView value(request.constData() + s.valueBegin, s.valueEnd - s.valueBegin);
        QByteArrayView *slot = key == "input"               ? &input
                               : key == "instructions"      ? &instructions
                               : key == "user"              ? &user
                               : key == "max_output_tokens" ? &maxTokens
                               : key == "temperature"       ? &temperature
                               : key == "top_p"             ? &topP
                               : key == "stream"            ? &stream
                               : key == "store"             ? &store
                                                            : nullptr;
        if (slot) {
            if (!slot->isNull()) return false;  // repeated: Qt's parser says which wins
            *slot = value;
        } else if (key == "previous_response_id" || key == "metadata") {
            if (!isNull(value) && (key != "metadata" || value.front() != '{')) return false;
        } else if (key != "model" && key != "fallbacks" && key != "include" &&
                   key != "stream_options") {
            return false;  // anything else goes the canonical way
        }
        for (const EchoedField &f : kEchoedFields) {
            if (key != f.key) continue;
            QJsonValue v;
            if (!echoValue(value, &v)) return false;
            if (echo.contains(QLatin1String(f.key))) return false;
            echo.insert(QLatin1String(f.key), v);
        }
    }
    if (!instructions.isNull() && !isNull(instructions) && !isString(instructions)) return false;
    if (!user.isNull() && !isNull(user) && !isString(user)) return false;
    for (const QByteArrayView number : {maxTokens, temperature, topP})
        if (!number.isNull() && !isNull(number) && !isPlainNumber(number)) return false;
    if (!stream.isNull() && stream != "true" && stream != "false" && !isNull(stream)) return false;
    if (!store.isNull() && store != "true" && store != "false" && !isNull(store)) return false;

    QByteArray out;
    out.reserve(request.size() + 64);
    if (!maxTokens.isNull() && !isNull(maxTokens)) {
        appendBytes(out, "{\"max_tokens\":");
        appendBytes(out, maxTokens);
        appendBytes(out, ",\"messages\":");
    } else {
        appendBytes(out, "{\"messages\":");
    }
    QByteArray messages;
    messages.reserve(request.size());
    appendBytes(messages, "[");
    QString text;
    if (!instructions.isNull() && !isNull(instructions)) {
        if (!textOf(instructions, &text)) return false;
        appendBytes(messages, "{\"content\":");
        appendBytes(messages, instructions);
        appendBytes(messages, ",\"role\":\"system\"}");
    }
    // The conversation to store: the messages after the instructions' one.
    const qsizetype conversationFrom = messages.size();
    if (isString(input)) {
        if (!textOf(input, &text)) return false;
        if (messages.size() > 1) appendBytes(messages, ",");
        appendBytes(messages, "{\"content\":");
        appendBytes(messages, input);
        appendBytes(messages, ",\"role\":\"user\"}");
    } else if (!input.isNull() && !isNull(input)) {
        QList<QByteArrayView> items;
        if (!elementsOf(input, &items)) return false;
        for (const QByteArrayView item : std::as_const(items))
            if (!readMessage(item, &messages)) return false;
    }
    QByteArrayView conversation = QByteArrayView(messages).sliced(conversationFrom);
    if (conversation.startsWith(',')) conversation = conversation.sliced(1);
    const QString conversationJson =
        store != "false" ? QLatin1Char('[') + QString::fromUtf8(conversation) + QLatin1Char(']')
                         : QString();
    appendBytes(messages, "]");
    appendBytes(out, messages);
    appendBytes(out, ",\"model\":");
    *modelAt = out.size();
    if (stream == "true")
        appendBytes(out, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    else if (stream == "false")
        appendBytes(out, ",\"stream\":false");
    for (const auto &[key, value] :
         {std::pair{"temperature", temperature}, {"top_p", topP}, {"user", user}}) {
        if (value.isNull() || isNull(value)) continue;
        appendBytes(out, ",\"");
        appendBytes(out, key);
        appendBytes(out, "\":");
        appendBytes(out, value);
    }
    appendBytes(out, "}");
    *chat = std::move(out);

    // Only what the answer reads (each QJsonObject insert costs thousands
    // of instructions in Qt 6.4): no custom tools here, an echo when there
    // is one, the conversation as the JSON text it is stored as.
    QJsonObject ctx{{QStringLiteral("id"), newResponseId()}};
    if (!echo.isEmpty()) ctx.insert(QStringLiteral("echo"), echo);
    // Stored unless the client said "store": false, as OpenAI does.
    if (store != "false") ctx.insert(QStringLiteral("conversation_json"), conversationJson);
    *context = std::move(ctx);
    return true;
}

}  // namespace gatehouse::responses
