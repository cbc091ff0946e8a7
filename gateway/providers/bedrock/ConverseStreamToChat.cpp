// ConverseStream events -> chat.completion.chunk objects.
#include "ConverseTranslate.h"
#include "translate/ChatChunk.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace gatehouse::bedrock {

ConverseStreamToChat::ConverseStreamToChat(const QString &model)
    : model_(model),
      id_(QStringLiteral("chatcmpl-") + QUuid::createUuid().toString(QUuid::Id128)),
      created_(QDateTime::currentSecsSinceEpoch()) {}

QJsonObject ConverseStreamToChat::chunk(const QJsonObject &delta,
                                        const QString &finishReason) const {
    return chatChunk(id_, created_, model_, delta, finishReason);
}

QList<QJsonObject> ConverseStreamToChat::onEvent(const QByteArray &type, const QJsonObject &data) {
    const int block = data.value(QLatin1String("contentBlockIndex")).toInt();
    if (type == "messageStart")
        return {chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
                       {QStringLiteral("content"), QString()}})};
    if (type == "contentBlockStart") {
        const QJsonObject use = data.value(QLatin1String("start"))
                                    .toObject()
                                    .value(QLatin1String("toolUse"))
                                    .toObject();
        if (use.isEmpty()) return {};
        // Chat numbers tool calls from 0; Converse numbers all blocks.
        const int index = int(toolIndex_.size());
        toolIndex_.insert(block, index);
        return {chunk({{QStringLiteral("tool_calls"),
                        QJsonArray{QJsonObject{
                            {QStringLiteral("index"), index},
                            {QStringLiteral("id"), use.value(QLatin1String("toolUseId"))},
                            {QStringLiteral("type"), QStringLiteral("function")},
                            {QStringLiteral("function"),
                             QJsonObject{{QStringLiteral("name"), use.value(QLatin1String("name"))},
                                         {QStringLiteral("arguments"), QString()}}}}}}})};
    }
    if (type == "contentBlockDelta") {
        const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
        if (delta.contains(QLatin1String("text")))
            return {chunk({{QStringLiteral("content"), delta.value(QLatin1String("text"))}})};
        if (delta.contains(QLatin1String("toolUse")) && toolIndex_.contains(block))
            return {chunk(
                {{QStringLiteral("tool_calls"),
                  QJsonArray{QJsonObject{{QStringLiteral("index"), toolIndex_.value(block)},
                                         {QStringLiteral("function"),
                                          QJsonObject{{QStringLiteral("arguments"),
                                                       delta.value(QLatin1String("toolUse"))
                                                           .toObject()
                                                           .value(QLatin1String("input"))}}}}}}})};
        if (delta.contains(QLatin1String("reasoningContent"))) {
            // Deltas carry the text, then the block's signature alone (or
            // a redacted block whole).
            const QJsonObject reasoning = delta.value(QLatin1String("reasoningContent")).toObject();
            const QString text = reasoning.value(QLatin1String("text")).toString();
            if (!text.isEmpty()) return {chunk({{QStringLiteral("reasoning_content"), text}})};
            QJsonObject thinking;
            if (reasoning.contains(QLatin1String("redactedContent")))
                thinking = {
                    {QStringLiteral("type"), QStringLiteral("redacted_thinking")},
                    {QStringLiteral("data"), reasoning.value(QLatin1String("redactedContent"))}};
            else if (!reasoning.value(QLatin1String("signature")).toString().isEmpty())
                thinking = {
                    {QStringLiteral("type"), QStringLiteral("thinking")},
                    {QStringLiteral("thinking"), QString()},
                    {QStringLiteral("signature"), reasoning.value(QLatin1String("signature"))}};
            if (!thinking.isEmpty())
                return {chunk({{QStringLiteral("thinking_blocks"), QJsonArray{thinking}}})};
        }
        return {};
    }
    if (type == "messageStop") {
        finishReason_ = chatFinishReasonFor(data.value(QLatin1String("stopReason")).toString());
        return {};
    }
    if (type == "metadata") {
        usage_ = chatUsageFrom(data.value(QLatin1String("usage")).toObject());
        finished_ = true;
        QJsonObject last =
            chunk({}, finishReason_.isEmpty() ? QStringLiteral("stop") : finishReason_);
        last[QStringLiteral("usage")] = usage_;
        return {last};
    }
    return {};  // contentBlockStop and event types added later say nothing new
}

}  // namespace gatehouse::bedrock
