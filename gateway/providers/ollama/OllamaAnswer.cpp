// Ollama /api/chat answers -> chat completions.
#include "OllamaTranslate.h"

#include "json/JsonWriter.h"
#include "trace/TokenCounts.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace gatehouse::ollama {

namespace {

QString newId(const char *prefix) {
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128).left(24);
}

}  // namespace

QString chatFinishReasonFor(const QString &doneReason, bool calledTools) {
    if (calledTools) return QStringLiteral("tool_calls");
    if (doneReason == QLatin1String("length")) return QStringLiteral("length");
    return QStringLiteral("stop");
}

QJsonObject chatUsageFrom(const QJsonObject &answer) {
    TokenCounts counts;
    // Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
    counts.prompt = answer.value(QLatin1String("prompt_eval_count")).toInt(0);
    counts.completion = answer.value(QLatin1String("eval_count")).toInt(0);
    counts.total = *counts.prompt + *counts.completion;
    return chatUsageOf(counts);
}

QJsonArray chatToolCallsFrom(const QJsonArray &calls, int firstIndex) {
    QJsonArray out;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        // Chat answers a call by its id; Ollama's older versions name none.
        QString id = call.value(QLatin1String("id")).toString();
        if (id.isEmpty()) id = newId("call_");
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        QJsonObject entry{
            {QStringLiteral("id"), id},
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"),
             QJsonObject{
                 {QStringLiteral("name"), function.value(QLatin1String("name"))},
                 {QStringLiteral("arguments"),
                  arguments.isString() ? arguments.toString()
                                       : QString::fromUtf8(toCompactJson(arguments.toObject()))}}}};
        if (firstIndex >= 0) entry.insert(QStringLiteral("index"), firstIndex + int(i));
        out.append(entry);
    }
    return out;
}

QString errorMessageFrom(const QJsonObject &body) {
    const QJsonValue e = body.value(QLatin1String("error"));
    if (e.isString()) return e.toString();
    if (e.isObject()) return e.toObject().value(QLatin1String("message")).toString();
    return {};
}

QJsonObject ollamaAnswerToChat(const QJsonObject &answer, const QString &model) {
    const QJsonObject message = answer.value(QLatin1String("message")).toObject();
    const QJsonArray calls =
        chatToolCallsFrom(message.value(QLatin1String("tool_calls")).toArray(), -1);
    const QString text = message.value(QLatin1String("content")).toString();
    QJsonObject out{{QStringLiteral("role"), QStringLiteral("assistant")},
                    {QStringLiteral("content"),
                     text.isEmpty() && !calls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    const QString thinking = message.value(QLatin1String("thinking")).toString();
    if (!thinking.isEmpty()) out.insert(QStringLiteral("reasoning_content"), thinking);
    if (!calls.isEmpty()) out.insert(QStringLiteral("tool_calls"), calls);
    const QJsonObject choice{
        {QStringLiteral("index"), 0},
        {QStringLiteral("message"), out},
        {QStringLiteral("finish_reason"),
         chatFinishReasonFor(answer.value(QLatin1String("done_reason")).toString(),
                             !calls.isEmpty())}};
    return {{QStringLiteral("id"), newId("chatcmpl-")},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
            {QStringLiteral("model"), answer.value(QLatin1String("model")).toString(model)},
            {QStringLiteral("choices"), QJsonArray{choice}},
            {QStringLiteral("usage"), chatUsageFrom(answer)}};
}

}  // namespace gatehouse::ollama
