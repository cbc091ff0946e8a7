// Canonical chat answers -> Gemini GenerateContentResponse.
#include "GeminiShared.h"

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

QJsonObject candidateFrom(const QJsonObject &choice, int index) {
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    QJsonArray parts;
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty())
        parts.append(
            QJsonObject{{QStringLiteral("text"), reasoning}, {QStringLiteral("thought"), true}});
    const QString text = message.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) parts.append(QJsonObject{{QStringLiteral("text"), text}});
    for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = c.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        parts.append(QJsonObject{
            {QStringLiteral("functionCall"),
             QJsonObject{{QStringLiteral("id"), call.value(QLatin1String("id"))},
                         {QStringLiteral("name"), function.value(QLatin1String("name"))},
                         {QStringLiteral("args"),
                          QJsonDocument::fromJson(
                              function.value(QLatin1String("arguments")).toString().toUtf8())
                              .object()}}}});
    }
    if (parts.isEmpty()) parts.append(QJsonObject{{QStringLiteral("text"), QString()}});
    return {
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")},
                                                {QStringLiteral("parts"), parts}}},
        {QStringLiteral("finishReason"),
         finishReasonFor(choice.value(QLatin1String("finish_reason")).toString())},
        {QStringLiteral("index"), index}};
}

}  // namespace

// Every chat choice is a candidate (candidateCount maps to n).
QJsonObject chatToGemini(const QJsonObject &chat) {
    QJsonArray candidates;
    const QJsonArray choices = chat.value(QLatin1String("choices")).toArray();
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const QJsonObject choice = choices.at(i).toObject();
        candidates.append(
            candidateFrom(choice, choice.value(QLatin1String("index")).toInt(int(i))));
    }
    if (candidates.isEmpty()) candidates.append(candidateFrom({}, 0));
    QJsonObject out{{QStringLiteral("candidates"), candidates},
                    {QStringLiteral("modelVersion"), chat.value(QLatin1String("model"))}};
    if (chat.value(QLatin1String("id")).isString())
        out[QStringLiteral("responseId")] = chat.value(QLatin1String("id"));
    if (chat.value(QLatin1String("usage")).isObject())
        out[QStringLiteral("usageMetadata")] =
            usageMetadataFrom(chat.value(QLatin1String("usage")).toObject());
    return out;
}

}  // namespace gatehouse::gemini
