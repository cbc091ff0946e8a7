// Provider side streaming: Anthropic SSE events -> chat.completion.chunk objects.
#include <QJsonArray>

#include "AnthropicShared.h"
#include "AnthropicTranslate.h"

namespace gatehouse::anthropic {

using namespace detail;

MessagesStreamToChat::MessagesStreamToChat(const QString &model)
    : model_(model), created_(nowSeconds()) {}

QList<QJsonObject> MessagesStreamToChat::onEvent(const QByteArray &eventName,
                                                 const QJsonObject &data) {
    // The event name and data.type agree in Anthropic streams; prefer the name.
    const QString type = eventName.isEmpty() ? data.value(QLatin1String("type")).toString()
                                             : QString::fromUtf8(eventName);
    if (type == QLatin1String("message_start")) {
        const QJsonObject message = data.value(QLatin1String("message")).toObject();
        id_ = message.value(QLatin1String("id")).toString();
        if (model_.isEmpty()) model_ = message.value(QLatin1String("model")).toString();
        takeUsage(message.value(QLatin1String("usage")).toObject());
        return {chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
                       {QStringLiteral("content"), QString()}})};
    }
    if (type == QLatin1String("content_block_start")) return onContentBlockStart(data);
    if (type == QLatin1String("content_block_delta")) return onContentBlockDelta(data);
    if (type == QLatin1String("message_delta")) {
        takeUsage(data.value(QLatin1String("usage")).toObject());
        const QJsonValue stopReason =
            data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason"));
        if (!stopReason.isString()) return {};
        QJsonObject last = chunk({}, finishReasonFor(stopReason.toString()));
        last[QStringLiteral("usage")] = usage();
        return {last};
    }
    if (type == QLatin1String("message_stop")) {
        finished_ = true;
    } else if (type == QLatin1String("error")) {
        const QJsonObject error = data.value(QLatin1String("error")).toObject();
        hasError_ = true;
        errorType_ = error.value(QLatin1String("type")).toString();
        errorMessage_ = errorMessageFrom(data);
    }
    // ping, content_block_stop and event types added later produce nothing.
    return {};
}

QList<QJsonObject> MessagesStreamToChat::onContentBlockStart(const QJsonObject &data) {
    const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text")) {
        const QString text = block.value(QLatin1String("text")).toString();
        if (text.isEmpty()) return {};
        return {chunk({{QStringLiteral("content"), text}})};
    }
    if (type == QLatin1String("redacted_thinking"))
        return {chunk({{QStringLiteral("thinking_blocks"), QJsonArray{block}}})};
    if (type != QLatin1String("tool_use")) return {};
    // OpenAI numbers tool calls from 0 within the message; Anthropic numbers
    // all blocks, text included.
    const int toolIndex = toolCount_++;
    toolIndexByBlock_.insert(data.value(QLatin1String("index")).toInt(), toolIndex);
    const QJsonObject call{
        {QStringLiteral("index"), toolIndex},
        {QStringLiteral("id"), block.value(QLatin1String("id"))},
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{{QStringLiteral("name"), block.value(QLatin1String("name"))},
                     {QStringLiteral("arguments"), QString()}}}};
    return {chunk({{QStringLiteral("tool_calls"), QJsonArray{call}}})};
}

QList<QJsonObject> MessagesStreamToChat::onContentBlockDelta(const QJsonObject &data) {
    const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
    const QString type = delta.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text_delta")) {
        return {chunk({{QStringLiteral("content"), delta.value(QLatin1String("text"))}})};
    }
    if (type == QLatin1String("thinking_delta")) {
        return {
            chunk({{QStringLiteral("reasoning_content"), delta.value(QLatin1String("thinking"))}})};
    }
    if (type == QLatin1String("signature_delta")) {
        // The thinking's signature closes its block: a thinking block with
        // the signature and no text (the text came as reasoning_content), as
        // Bedrock's stream gives it, so a client can replay the thinking.
        const QJsonObject signedBlock{
            {QStringLiteral("type"), QStringLiteral("thinking")},
            {QStringLiteral("thinking"), QString()},
            {QStringLiteral("signature"), delta.value(QLatin1String("signature"))}};
        return {chunk({{QStringLiteral("thinking_blocks"), QJsonArray{signedBlock}}})};
    }
    if (type != QLatin1String("input_json_delta")) return {};  // citations_delta
    const auto tool = toolIndexByBlock_.constFind(data.value(QLatin1String("index")).toInt());
    const QString json = delta.value(QLatin1String("partial_json")).toString();
    // Anthropic opens each tool's input with an empty fragment; it carries nothing.
    if (tool == toolIndexByBlock_.constEnd() || json.isEmpty()) return {};
    const QJsonObject call{
        {QStringLiteral("index"), *tool},
        {QStringLiteral("function"), QJsonObject{{QStringLiteral("arguments"), json}}}};
    return {chunk({{QStringLiteral("tool_calls"), QJsonArray{call}}})};
}

void MessagesStreamToChat::takeUsage(const QJsonObject &usage) {
    // Counts are cumulative; message_delta repeats some of them, and null or
    // absent ones keep their earlier value.
    const auto take = [&usage](const char *key, qint64 *count) {
        const QJsonValue value = usage.value(QLatin1String(key));
        if (value.isDouble()) *count = value.toInteger();
    };
    take("input_tokens", &inputTokens_);
    take("cache_read_input_tokens", &cacheReadTokens_);
    take("cache_creation_input_tokens", &cacheCreationTokens_);
    take("output_tokens", &outputTokens_);
}

QJsonObject MessagesStreamToChat::usage() const {
    // OpenAI's prompt_tokens counts cached input too.
    const qint64 prompt = inputTokens_ + cacheReadTokens_ + cacheCreationTokens_;
    QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt},
                      {QStringLiteral("completion_tokens"), outputTokens_},
                      {QStringLiteral("total_tokens"), prompt + outputTokens_}};
    if (cacheReadTokens_ > 0)
        usage[QStringLiteral("prompt_tokens_details")] =
            QJsonObject{{QStringLiteral("cached_tokens"), cacheReadTokens_}};
    if (cacheCreationTokens_ > 0)
        usage[QStringLiteral("cache_creation_input_tokens")] = cacheCreationTokens_;
    return usage;
}

QJsonObject MessagesStreamToChat::chunk(const QJsonObject &delta,
                                        const QString &finishReason) const {
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("delta"), delta},
                             {QStringLiteral("finish_reason"),
                              finishReason.isEmpty() ? QJsonValue() : QJsonValue(finishReason)}};
    return {{QStringLiteral("id"), id_},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), created_},
            {QStringLiteral("model"), model_},
            {QStringLiteral("choices"), QJsonArray{choice}}};
}

}  // namespace gatehouse::anthropic
