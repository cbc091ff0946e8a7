// Canonical chat answers -> Gemini GenerateContentResponse.
#include "GeminiShared.h"

#include "codecs/responses/ChatAnswerBytes.h"
#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::gemini {

QString finishReasonFor(const QString &reason) {
    if (reason == QLatin1String("length")) return QStringLiteral("MAX_TOKENS");
    if (reason == QLatin1String("content_filter")) return QStringLiteral("SAFETY");
    return QStringLiteral("STOP");  // stop and tool_calls alike
}

QJsonObject usageMetadataFrom(const QJsonObject &usage) {
    const int prompt = usage.value(QLatin1String("prompt_tokens")).toInt();
    // Chat's completion tokens include the reasoning; Gemini counts
    // thoughts apart from the candidates (total = prompt + candidates + thoughts).
    const int thoughts = usage.value(QLatin1String("completion_tokens_details"))
                             .toObject()
                             .value(QLatin1String("reasoning_tokens"))
                             .toInt();
    const int completion = usage.value(QLatin1String("completion_tokens")).toInt() - thoughts;
    QJsonObject out{
        {QStringLiteral("promptTokenCount"), prompt},
        {QStringLiteral("candidatesTokenCount"), completion},
        {QStringLiteral("totalTokenCount"),
         usage.value(QLatin1String("total_tokens")).toInt(prompt + completion + thoughts)}};
    const int cached = usage.value(QLatin1String("prompt_tokens_details"))
                           .toObject()
                           .value(QLatin1String("cached_tokens"))
                           .toInt();
    if (cached > 0) out[QStringLiteral("cachedContentTokenCount")] = cached;
    if (thoughts > 0) out[QStringLiteral("thoughtsTokenCount")] = thoughts;
    return out;
}

QString statusNameFor(int status) {
    switch (status) {
        case 400:
            return QStringLiteral("INVALID_ARGUMENT");
        case 401:
            return QStringLiteral("UNAUTHENTICATED");
        case 403:
            return QStringLiteral("PERMISSION_DENIED");
        case 404:
            return QStringLiteral("NOT_FOUND");
        case 409:
            return QStringLiteral("ABORTED");
        case 429:
            return QStringLiteral("RESOURCE_EXHAUSTED");
        case 499:
            return QStringLiteral("CANCELLED");
        case 501:
            return QStringLiteral("UNIMPLEMENTED");
        case 503:
            return QStringLiteral("UNAVAILABLE");
        case 504:
            return QStringLiteral("DEADLINE_EXCEEDED");
    }
    return status >= 500 ? QStringLiteral("INTERNAL") : QStringLiteral("FAILED_PRECONDITION");
}

namespace {

void appendNumber(QByteArray &out, const char *key, qint64 n) {
    out += key;
    out += QByteArray::number(n);
}

// One candidate, written straight as JSON: building QJsonObjects and
// serialising them cost ~80k instructions per answer (callgrind).
void writeCandidate(QByteArray &out, const QJsonObject &choice, int index) {
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    out += "{\"content\":{\"parts\":[";
    bool first = true;
    auto part = [&] {
        if (!first) out += ',';
        first = false;
    };
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty()) {
        part();
        out += "{\"text\":";
        appendJsonString(out, reasoning);
        out += ",\"thought\":true}";
    }
    const QString text = message.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) {
        part();
        out += "{\"text\":";
        appendJsonString(out, text);
        out += '}';
    }
    for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = c.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        part();
        out += "{\"functionCall\":{\"args\":";
        appendCompactJson(out, QJsonDocument::fromJson(
                                   function.value(QLatin1String("arguments")).toString().toUtf8())
                                   .object());
        out += ",\"id\":";
        appendJsonString(out, call.value(QLatin1String("id")).toString());
        out += ",\"name\":";
        appendJsonString(out, function.value(QLatin1String("name")).toString());
        out += "}}";
    }
    if (first) out += "{\"text\":\"\"}";
    out += "],\"role\":\"model\"},\"finishReason\":";
    appendJsonString(out, finishReasonFor(choice.value(QLatin1String("finish_reason")).toString()));
    appendNumber(out, ",\"index\":", index);
    out += '}';
}

}  // namespace

// Every chat choice is a candidate (candidateCount maps to n).
QByteArray writeGeminiAnswer(const QJsonObject &chat) {
    QByteArray out;
    out.reserve(512);
    out += "{\"candidates\":[";
    const QJsonArray choices = chat.value(QLatin1String("choices")).toArray();
    for (qsizetype i = 0; i < choices.size(); ++i) {
        if (i > 0) out += ',';
        const QJsonObject choice = choices.at(i).toObject();
        writeCandidate(out, choice, choice.value(QLatin1String("index")).toInt(int(i)));
    }
    if (choices.isEmpty()) writeCandidate(out, {}, 0);
    out += "],\"modelVersion\":";
    appendJsonString(out, chat.value(QLatin1String("model")).toString());
    if (chat.value(QLatin1String("id")).isString()) {
        out += ",\"responseId\":";
        appendJsonString(out, chat.value(QLatin1String("id")).toString());
    }
    if (chat.value(QLatin1String("usage")).isObject()) {
        out += ",\"usageMetadata\":";
        appendCompactJson(out, usageMetadataFrom(chat.value(QLatin1String("usage")).toObject()));
    }
    out += '}';
    return out;
}

// The same bytes as writeGeminiAnswer(parsed answer): one candidate (its
// parts, finishReason and index) and usageMetadata's keys in QJsonObject's
// sorted order, with usageMetadataFrom's arithmetic.
bool writeGeminiAnswerFromBytes(const QByteArray &chat, QByteArray *out) {
    responses::ChatAnswer a;
    QByteArray message;
    if (!responses::chatAnswerFromBytes(chat, &a, &message)) return false;
    QByteArray json;
    json.reserve(256 + 3 * (a.content.size() + a.reasoning.size()));
    appendBytes(json, "{\"candidates\":[{\"content\":{\"parts\":[");
    if (!a.reasoning.isEmpty()) {
        appendBytes(json, "{\"text\":");
        appendJsonString(json, a.reasoning);
        appendBytes(json, ",\"thought\":true}");
    }
    if (!a.content.isEmpty()) {
        appendBytes(json, a.reasoning.isEmpty() ? "{\"text\":" : ",{\"text\":");
        appendJsonString(json, a.content);
        appendBytes(json, "}");
    }
    if (a.reasoning.isEmpty() && a.content.isEmpty()) appendBytes(json, "{\"text\":\"\"}");
    appendBytes(json, "],\"role\":\"model\"},\"finishReason\":");
    appendJsonString(json, finishReasonFor(a.finishReason));
    appendBytes(json, ",\"index\":");
    appendDecimal(json, a.choiceIndex);
    appendBytes(json, "}],\"modelVersion\":");
    appendJsonString(json, a.model);
    if (a.idIsString) {
        appendBytes(json, ",\"responseId\":");
        appendJsonString(json, a.id);
    }
    if (a.hasUsage) {
        const responses::UsageCounts &u = a.usage;
        appendBytes(json, ",\"usageMetadata\":{");
        if (u.cached > 0) {
            appendBytes(json, "\"cachedContentTokenCount\":");
            appendDecimal(json, u.cached);
            appendBytes(json, ",");
        }
        appendBytes(json, "\"candidatesTokenCount\":");
        appendDecimal(json, qint64(u.output) - u.reasoning);
        appendBytes(json, ",\"promptTokenCount\":");
        appendDecimal(json, u.input);
        if (u.reasoning > 0) {
            appendBytes(json, ",\"thoughtsTokenCount\":");
            appendDecimal(json, u.reasoning);
        }
        appendBytes(json, ",\"totalTokenCount\":");
        appendDecimal(json, u.total);
        appendBytes(json, "}");
    }
    appendBytes(json, "}");
    *out = std::move(json);
    return true;
}

QJsonObject chatToGemini(const QJsonObject &chat) {
    return QJsonDocument::fromJson(writeGeminiAnswer(chat)).object();
}

}  // namespace gatehouse::gemini
