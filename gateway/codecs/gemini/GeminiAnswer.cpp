// Canonical chat answers -> Gemini GenerateContentResponse.
#include "GeminiShared.h"

#include "codecs/responses/ChatAnswerBytes.h"
#include "codecs/responses/ResponsesShared.h"
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

namespace {

// usageMetadata's object, keys in QJsonObject's (sorted) order. Chat's
// completion tokens include the reasoning; Gemini counts thoughts apart
// from the candidates (total = prompt + candidates + thoughts).
void appendUsageMetadata(QByteArray &out, const responses::UsageCounts &u) {
    appendBytes(out, "{");
    if (u.cached > 0) {
        appendBytes(out, "\"cachedContentTokenCount\":");
        appendDecimal(out, u.cached);
        appendBytes(out, ",");
    }
    appendBytes(out, "\"candidatesTokenCount\":");
    appendDecimal(out, qint64(u.output) - u.reasoning);
    appendBytes(out, ",\"promptTokenCount\":");
    appendDecimal(out, u.input);
    if (u.reasoning > 0) {
        appendBytes(out, ",\"thoughtsTokenCount\":");
        appendDecimal(out, u.reasoning);
    }
    appendBytes(out, ",\"totalTokenCount\":");
    appendDecimal(out, u.total);
    appendBytes(out, "}");
}

// What follows a candidate's parts: its role, finishReason and index.
void appendCandidateEnd(QByteArray &out, const QString &chatFinishReason, int index) {
    appendBytes(out, "],\"role\":\"model\"},\"finishReason\":");
    appendJsonString(out, finishReasonFor(chatFinishReason));
    appendBytes(out, ",\"index\":");
    appendDecimal(out, index);
    appendBytes(out, "}");
}

// What follows an answer's candidates: `],"modelVersion":...}`, with the
// response id when the chat answer had a string one and the usage when it
// had any.
void appendAnswerTail(QByteArray &out, const responses::AnswerText &model,
                      const responses::AnswerText *id, const responses::UsageCounts *usage) {
    appendBytes(out, "],\"modelVersion\":");
    model.appendJsonTo(out);
    if (id) {
        appendBytes(out, ",\"responseId\":");
        id->appendJsonTo(out);
    }
    if (usage) {
        appendBytes(out, ",\"usageMetadata\":");
        appendUsageMetadata(out, *usage);
    }
    appendBytes(out, "}");
}

}  // namespace

QJsonObject usageMetadataFrom(const QJsonObject &usage) {
    QByteArray json;
    appendUsageMetadata(json, responses::usageCounts(usage));
    return QJsonDocument::fromJson(json).object();
}

bool appendTextParts(QByteArray &out, const responses::AnswerText &reasoning,
                     const responses::AnswerText &text) {
    if (!reasoning.isEmpty()) {
        appendBytes(out, "{\"text\":");
        reasoning.appendJsonTo(out);
        appendBytes(out, ",\"thought\":true}");
    }
    if (!text.isEmpty()) {
        appendBytes(out, reasoning.isEmpty() ? "{\"text\":" : ",{\"text\":");
        text.appendJsonTo(out);
        appendBytes(out, "}");
    }
    return !reasoning.isEmpty() || !text.isEmpty();
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

// One candidate, written straight as JSON: building QJsonObjects and
// serialising them cost ~80k instructions per answer (callgrind).
void writeCandidate(QByteArray &out, const QJsonObject &choice, int index) {
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    out += "{\"content\":{\"parts\":[";
    bool first = !appendTextParts(out, message.value(QLatin1String("reasoning_content")).toString(),
                                  message.value(QLatin1String("content")).toString());
    auto part = [&] {
        if (!first) out += ',';
        first = false;
    };
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
    appendCandidateEnd(out, choice.value(QLatin1String("finish_reason")).toString(), index);
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
    const responses::AnswerText id(chat.value(QLatin1String("id")).toString());
    const QJsonValue usage = chat.value(QLatin1String("usage"));
    const responses::UsageCounts counts = responses::usageCounts(usage.toObject());
    appendAnswerTail(out, chat.value(QLatin1String("model")).toString(),
                     chat.value(QLatin1String("id")).isString() ? &id : nullptr,
                     usage.isObject() ? &counts : nullptr);
    return out;
}

// The same bytes as writeGeminiAnswer(parsed answer): one candidate, then
// the same tail.
bool writeGeminiAnswerFromBytes(const QByteArray &chat, QByteArray *out) {
    responses::ChatAnswer a;
    QByteArrayView message;
    if (!responses::chatAnswerFromBytes(chat, &a, &message)) return false;
    QByteArray json;
    json.reserve(256 + a.content.sizeHint() + a.reasoning.sizeHint() + a.model.sizeHint() +
                 a.id.sizeHint());
    appendBytes(json, "{\"candidates\":[{\"content\":{\"parts\":[");
    // The last part: clients read candidates[i].content.parts.
    if (!appendTextParts(json, a.reasoning, a.content)) appendBytes(json, "{\"text\":\"\"}");
    appendCandidateEnd(json, a.finishReason, a.choiceIndex);
    appendAnswerTail(json, a.model, a.idIsString ? &a.id : nullptr,
                     a.hasUsage ? &a.usage : nullptr);
    *out = std::move(json);
    return true;
}

QJsonObject chatToGemini(const QJsonObject &chat) {
    return QJsonDocument::fromJson(writeGeminiAnswer(chat)).object();
}

}  // namespace gatehouse::gemini
