// Gemini answers and streamed answers -> chat completions and chunks.
#include "GeminiTranslate.h"

#include "json/JsonWriter.h"
#include "trace/TokenCounts.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace gatehouse::gemini {

QJsonValue field(const QJsonObject &object, const char *camel, const char *snake) {
    const QJsonValue v = object.value(QLatin1String(camel));
    return v.isUndefined() ? object.value(QLatin1String(snake)) : v;
}

namespace {

QString newCompletionId() {
    return QStringLiteral("chatcmpl-") + QUuid::createUuid().toString(QUuid::Id128);
}

QJsonObject chatUsageFromMetadata(const QJsonObject &metadata) {
    return chatUsageOf(tokenCountsOf(metadata));
}

QJsonObject toolCallFrom(const QJsonObject &call, int index, int ordinal) {
    QString id = call.value(QLatin1String("id")).toString();
    // Gemini names calls only at times; chat needs an id to answer them by.
    if (id.isEmpty())
        id = QStringLiteral("call_%1_%2")
                 .arg(call.value(QLatin1String("name")).toString())
                 .arg(ordinal);
    QJsonObject out{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{
             {QStringLiteral("name"), call.value(QLatin1String("name"))},
             {QStringLiteral("arguments"),
              QString::fromUtf8(toCompactJson(call.value(QLatin1String("args")).toObject()))}}}};
    if (index >= 0) out[QStringLiteral("index")] = index;
    return out;
}

// What one candidate's parts say: text, thoughts and function calls.
struct PartsRead {
    QString text;
    QString thoughts;
    QJsonArray calls;
};

PartsRead readParts(const QJsonArray &parts, int firstCall, bool indexCalls) {
    PartsRead read;
    for (const QJsonValue &v : parts) {
        const QJsonObject part = v.toObject();
        const QJsonValue call = field(part, "functionCall", "function_call");
        if (call.isObject()) {
            const int n = firstCall + int(read.calls.size());
            read.calls.append(toolCallFrom(call.toObject(), indexCalls ? n : -1, n + 1));
            continue;
        }
        const QJsonValue text = part.value(QLatin1String("text"));
        if (!text.isString()) continue;
        if (part.value(QLatin1String("thought")).toBool())
            read.thoughts += text.toString();
        else
            read.text += text.toString();
    }
    return read;
}

}  // namespace

QString chatFinishReasonFor(const QString &reason, bool calledTools) {
    if (reason == QLatin1String("MAX_TOKENS")) return QStringLiteral("length");
    for (const char *filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                                 "IMAGE_SAFETY", "LANGUAGE"})
        if (reason == QLatin1String(filtered)) return QStringLiteral("content_filter");
    return calledTools ? QStringLiteral("tool_calls") : QStringLiteral("stop");
}

QString errorMessageFrom(const QJsonObject &body) {
    const QJsonValue e = body.value(QLatin1String("error"));
    if (e.isObject()) return e.toObject().value(QLatin1String("message")).toString();
    if (e.isString()) return e.toString();
    return body.value(QLatin1String("message")).toString();
}

QJsonObject geminiResponseToChat(const QJsonObject &answer, const QString &model) {
    QJsonArray choices;
    const QJsonArray candidates = answer.value(QLatin1String("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject candidate = candidates.at(i).toObject();
        const PartsRead read = readParts(candidate.value(QLatin1String("content"))
                                             .toObject()
                                             .value(QLatin1String("parts"))
                                             .toArray(),
                                         0, false);
        QJsonObject message{
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"),
             read.text.isEmpty() && !read.calls.isEmpty() ? QJsonValue() : QJsonValue(read.text)}};
        if (!read.thoughts.isEmpty()) message[QStringLiteral("reasoning_content")] = read.thoughts;
        if (!read.calls.isEmpty()) message[QStringLiteral("tool_calls")] = read.calls;
        choices.append(QJsonObject{
            {QStringLiteral("index"), candidate.value(QLatin1String("index")).toInt(int(i))},
            {QStringLiteral("message"), message},
            {QStringLiteral("finish_reason"),
             chatFinishReasonFor(field(candidate, "finishReason", "finish_reason").toString(),
                                 !read.calls.isEmpty())}});
    }
    if (choices.isEmpty()) {
        // A blocked prompt has no candidate, only promptFeedback.blockReason.
        const bool blocked = !field(answer, "promptFeedback", "prompt_feedback")
                                  .toObject()
                                  .value(QLatin1String("blockReason"))
                                  .toString()
                                  .isEmpty();
        choices.append(
            QJsonObject{{QStringLiteral("index"), 0},
                        {QStringLiteral("message"),
                         QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                     {QStringLiteral("content"), QString()}}},
                        {QStringLiteral("finish_reason"),
                         blocked ? QStringLiteral("content_filter") : QStringLiteral("stop")}});
    }
    const QString id = field(answer, "responseId", "response_id").toString();
    QJsonObject out{
        {QStringLiteral("id"), id.isEmpty() ? newCompletionId() : id},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("model"), field(answer, "modelVersion", "model_version").toString(model)},
        {QStringLiteral("choices"), choices}};
    const QJsonValue usage = field(answer, "usageMetadata", "usage_metadata");
    if (usage.isObject()) out[QStringLiteral("usage")] = chatUsageFromMetadata(usage.toObject());
    return out;
}

QJsonObject GeminiStreamToChat::chunk(const QJsonArray &choices) const {
    return {{QStringLiteral("id"), id_},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), created_},
            {QStringLiteral("model"), model_},
            {QStringLiteral("choices"), choices}};
}

QList<QJsonObject> GeminiStreamToChat::onEvent(const QJsonObject &data) {
    QList<QJsonObject> out;
    if (data.contains(QLatin1String("error"))) {
        error_ = errorMessageFrom(data);
        if (error_.isEmpty()) error_ = QStringLiteral("Provider reported an error mid-stream");
        return out;
    }
    if (id_.isEmpty()) {
        const QString id = field(data, "responseId", "response_id").toString();
        id_ = id.isEmpty() ? newCompletionId() : id;
        created_ = QDateTime::currentSecsSinceEpoch();
        const QString version = field(data, "modelVersion", "model_version").toString();
        if (!version.isEmpty()) model_ = version;
    }
    // Usage first: it rides on the finish chunk, as the Anthropic stream's does.
    const QJsonValue usage = field(data, "usageMetadata", "usage_metadata");
    if (usage.isObject()) usage_ = chatUsageFromMetadata(usage.toObject());
    const QJsonArray candidates = data.value(QLatin1String("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject candidate = candidates.at(i).toObject();
        const int index = candidate.value(QLatin1String("index")).toInt(int(i));
        Choice &state = choices_[index];
        const PartsRead read = readParts(candidate.value(QLatin1String("content"))
                                             .toObject()
                                             .value(QLatin1String("parts"))
                                             .toArray(),
                                         state.toolCalls, true);
        QJsonObject delta;
        if (!std::exchange(state.started, true))
            delta[QStringLiteral("role")] = QStringLiteral("assistant");
        if (!read.thoughts.isEmpty()) delta[QStringLiteral("reasoning_content")] = read.thoughts;
        if (!read.text.isEmpty()) delta[QStringLiteral("content")] = read.text;
        if (!read.calls.isEmpty()) delta[QStringLiteral("tool_calls")] = read.calls;
        state.toolCalls += int(read.calls.size());
        const QString reason = field(candidate, "finishReason", "finish_reason").toString();
        if (!delta.isEmpty())
            out.append(
                chunk(QJsonArray{QJsonObject{{QStringLiteral("index"), index},
                                             {QStringLiteral("delta"), delta},
                                             {QStringLiteral("finish_reason"), QJsonValue()}}}));
        if (!reason.isEmpty()) {
            QJsonObject last =
                chunk(QJsonArray{QJsonObject{{QStringLiteral("index"), index},
                                             {QStringLiteral("delta"), QJsonObject()},
                                             {QStringLiteral("finish_reason"),
                                              chatFinishReasonFor(reason, state.toolCalls > 0)}}});
            if (!usage_.isEmpty()) last[QStringLiteral("usage")] = usage_;
            out.append(last);
        }
    }
    return out;
}

}  // namespace gatehouse::gemini
