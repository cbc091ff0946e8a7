// Converse answer -> chat.completion.
#include "ConverseTranslate.h"

#include "ConverseReasoning.h"

#include "json/JsonWriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace gatehouse::bedrock {

namespace {
// Converse answers carry no id of their own.
QString newCompletionId() {
    return QStringLiteral("chatcmpl-") + QUuid::createUuid().toString(QUuid::Id128);
}
}  // namespace

QString chatFinishReasonFor(const QString &stopReason) {
    if (stopReason == QLatin1String("tool_use")) return QStringLiteral("tool_calls");
    if (stopReason == QLatin1String("max_tokens") ||
        stopReason == QLatin1String("model_context_window_exceeded"))
        return QStringLiteral("length");
    if (stopReason == QLatin1String("guardrail_intervened") ||
        stopReason == QLatin1String("content_filtered"))
        return QStringLiteral("content_filter");
    return QStringLiteral("stop");  // end_turn, stop_sequence
}

QJsonObject chatUsageFrom(const QJsonObject &converseUsage) {
    const qint64 cacheRead = converseUsage.value(QLatin1String("cacheReadInputTokens")).toInteger();
    const qint64 cacheWrite =
        converseUsage.value(QLatin1String("cacheWriteInputTokens")).toInteger();
    const qint64 prompt =
        converseUsage.value(QLatin1String("inputTokens")).toInteger() + cacheRead + cacheWrite;
    const qint64 completion = converseUsage.value(QLatin1String("outputTokens")).toInteger();
    QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt},
                      {QStringLiteral("completion_tokens"), completion},
                      {QStringLiteral("total_tokens"), prompt + completion}};
    if (cacheRead > 0)
        usage[QStringLiteral("prompt_tokens_details")] =
            QJsonObject{{QStringLiteral("cached_tokens"), cacheRead}};
    // Chat has no field for cache writes: the name the Anthropic dialect
    // uses too, so cost and the log keep them.
    if (cacheWrite > 0) usage[QStringLiteral("cache_creation_input_tokens")] = cacheWrite;
    return usage;
}

QString errorMessageFrom(const QJsonObject &body) {
    QString message = body.value(QLatin1String("message")).toString();
    if (message.isEmpty()) message = body.value(QLatin1String("Message")).toString();
    return message;
}

QJsonObject converseResponseToChat(const QJsonObject &answer, const QString &model) {
    const QJsonArray content = answer.value(QLatin1String("output"))
                                   .toObject()
                                   .value(QLatin1String("message"))
                                   .toObject()
                                   .value(QLatin1String("content"))
                                   .toArray();
    QString text, reasoning;
    QJsonArray toolCalls, thinkingBlocks;
    for (const QJsonValue &v : content) {
        const QJsonObject block = v.toObject();
        if (block.contains(QLatin1String("text"))) {
            text += block.value(QLatin1String("text")).toString();
        } else if (block.contains(QLatin1String("toolUse"))) {
            const QJsonObject use = block.value(QLatin1String("toolUse")).toObject();
            toolCalls.append(QJsonObject{
                {QStringLiteral("id"), use.value(QLatin1String("toolUseId"))},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                 QJsonObject{{QStringLiteral("name"), use.value(QLatin1String("name"))},
                             {QStringLiteral("arguments"),
                              QString::fromUtf8(
                                  toCompactJson(use.value(QLatin1String("input")).toObject()))}}}});
        } else if (block.contains(QLatin1String("reasoningContent"))) {
            const QJsonObject reasoningContent =
                block.value(QLatin1String("reasoningContent")).toObject();
            reasoning += reasoningContent.value(QLatin1String("reasoningText"))
                             .toObject()
                             .value(QLatin1String("text"))
                             .toString();
            const QJsonObject thinking = thinkingBlockFrom(reasoningContent);
            if (!thinking.isEmpty()) thinkingBlocks.append(thinking);
        }
    }
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"),
                         text.isEmpty() && !toolCalls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (!toolCalls.isEmpty()) message[QStringLiteral("tool_calls")] = toolCalls;
    if (!reasoning.isEmpty()) message[QStringLiteral("reasoning_content")] = reasoning;
    // Signed (and redacted) thinking, for clients that replay it to Claude.
    if (!thinkingBlocks.isEmpty()) message[QStringLiteral("thinking_blocks")] = thinkingBlocks;
    const QString stopReason = answer.value(QLatin1String("stopReason")).toString();
    QString finish = chatFinishReasonFor(stopReason);
    if (!toolCalls.isEmpty() && finish == QLatin1String("stop"))
        finish = QStringLiteral("tool_calls");
    return {
        {QStringLiteral("id"), newCompletionId()},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("model"), model},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("message"), message},
                                {QStringLiteral("finish_reason"), finish}}}},
        {QStringLiteral("usage"), chatUsageFrom(answer.value(QLatin1String("usage")).toObject())}};
}

}  // namespace gatehouse::bedrock
