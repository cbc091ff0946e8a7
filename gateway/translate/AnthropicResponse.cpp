// Non-streaming responses and error bodies, both directions.
#include <QJsonArray>

#include "AnthropicShared.h"
#include "AnthropicTranslate.h"
#include "http/GatewayError.h"
#include "json/JsonWriter.h"

namespace gatehouse::anthropic {

using namespace detail;

namespace {

// A chat message's content: usually a string, rarely an array of text parts.
QString chatText(const QJsonValue &content) {
    if (!content.isArray()) return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray())
        text += part.toObject().value(QLatin1String("text")).toString();
    return text;
}

}  // namespace

QJsonObject chatResponseToMessages(const QJsonObject &chatCompletion) {
    const QJsonObject choice =
        chatCompletion.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();

    QJsonArray content;
    // Claude's thinking through another API (Bedrock) comes signed, in
    // thinking_blocks: the client gets it as it can replay it. Reasoning
    // from other providers has no signature: a thinking block without one
    // shows it, and is not replayed (an unsigned block reaches no provider).
    const QJsonArray thinkingBlocks = message.value(QLatin1String("thinking_blocks")).toArray();
    for (const QJsonValue &block : thinkingBlocks) content.append(block);
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (thinkingBlocks.isEmpty() && !reasoning.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("thinking")},
                                   {QStringLiteral("thinking"), reasoning},
                                   {QStringLiteral("signature"), QString()}});
    const QString text = chatText(message.value(QLatin1String("content")));
    if (!text.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("text"), text}});
    // A refusal is what the model said instead of an answer: show it as text.
    const QString refusal = message.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("text"), refusal}});
    const QJsonArray toolCalls = message.value(QLatin1String("tool_calls")).toArray();
    for (const QJsonValue &value : toolCalls) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        QString id = call.value(QLatin1String("id")).toString();
        if (id.isEmpty()) id = newId(QStringLiteral("toolu_"));
        content.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("tool_use")},
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), function.value(QLatin1String("name")).toString()},
            {QStringLiteral("input"), toolInputFrom(function.value(QLatin1String("arguments")))}});
    }

    // Anthropic clients run tools only on stop_reason "tool_use"; some local
    // servers report "stop" even when they return tool calls.
    QString stopReason = stopReasonFor(choice.value(QLatin1String("finish_reason")).toString());
    if (!toolCalls.isEmpty() && stopReason == QLatin1String("end_turn"))
        stopReason = QStringLiteral("tool_use");
    if (!refusal.isEmpty()) stopReason = QStringLiteral("refusal");

    QString id = chatCompletion.value(QLatin1String("id")).toString();
    if (id.isEmpty()) id = newId(QStringLiteral("msg_"));
    return {{QStringLiteral("id"), id},
            {QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("model"), chatCompletion.value(QLatin1String("model")).toString()},
            {QStringLiteral("content"), content},
            {QStringLiteral("stop_reason"), stopReason},
            // OpenAI does not say which stop sequence matched.
            {QStringLiteral("stop_sequence"), QJsonValue()},
            {QStringLiteral("usage"),
             messagesUsageFrom(chatCompletion.value(QLatin1String("usage")).toObject())}};
}

QJsonObject messagesResponseToChat(const QJsonObject &anthropicMessage) {
    // Text blocks (split at citations or around tool calls) concatenate, as
    // they would in a stream.
    QString text;
    QString reasoning;
    QJsonArray toolCalls, thinkingBlocks;
    for (const QJsonValue &value : anthropicMessage.value(QLatin1String("content")).toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            text += block.value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("thinking")) {
            reasoning += block.value(QLatin1String("thinking")).toString();
            thinkingBlocks.append(block);
        } else if (type == QLatin1String("redacted_thinking")) {
            thinkingBlocks.append(block);
        } else if (type == QLatin1String("tool_use")) {
            toolCalls.append(QJsonObject{
                {QStringLiteral("id"), block.value(QLatin1String("id"))},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                 QJsonObject{{QStringLiteral("name"), block.value(QLatin1String("name"))},
                             {QStringLiteral("arguments"),
                              compactJson(block.value(QLatin1String("input")).toObject())}}}});
        }
        // Server tool blocks have no chat-completion form.
    }

    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"),
                         text.isEmpty() && !toolCalls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (!toolCalls.isEmpty()) message[QStringLiteral("tool_calls")] = toolCalls;
    // The field DeepSeek, vLLM and llama.cpp use for a model's reasoning.
    if (!reasoning.isEmpty()) message[QStringLiteral("reasoning_content")] = reasoning;
    // Signed (and redacted) thinking, for clients that replay it to Claude.
    if (!thinkingBlocks.isEmpty()) message[QStringLiteral("thinking_blocks")] = thinkingBlocks;

    const QJsonObject choice{
        {QStringLiteral("index"), 0},
        {QStringLiteral("message"), message},
        {QStringLiteral("logprobs"), QJsonValue()},
        {QStringLiteral("finish_reason"),
         finishReasonFor(anthropicMessage.value(QLatin1String("stop_reason")).toString())}};
    return {{QStringLiteral("id"), anthropicMessage.value(QLatin1String("id")).toString()},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), nowSeconds()},
            {QStringLiteral("model"), anthropicMessage.value(QLatin1String("model")).toString()},
            {QStringLiteral("choices"), QJsonArray{choice}},
            {QStringLiteral("usage"),
             chatUsageFrom(anthropicMessage.value(QLatin1String("usage")).toObject())}};
}

QJsonObject errorBody(int httpStatus, const QString &message) {
    QString type;
    switch (httpStatus) {
        case 400:
            type = QStringLiteral("invalid_request_error");
            break;
        case 401:
            type = QStringLiteral("authentication_error");
            break;
        case 403:
            type = QStringLiteral("permission_error");
            break;
        case 404:
            type = QStringLiteral("not_found_error");
            break;
        case 413:
            type = QStringLiteral("request_too_large");
            break;
        case 429:
            type = QStringLiteral("rate_limit_error");
            break;
        case 529:
            type = QStringLiteral("overloaded_error");
            break;
        default:
            // Other 4xx are the client's fault; anything else is ours.
            type = httpStatus >= 400 && httpStatus < 500 ? QStringLiteral("invalid_request_error")
                                                         : QStringLiteral("api_error");
    }
    return {{QStringLiteral("type"), QStringLiteral("error")},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("message"), message}}}};
}

QByteArray errorJson(const GatewayError &error) {
    return toCompactJson(errorBody(error.status, error.message));
}

QString errorMessageFrom(const QJsonObject &anthropicErrorBody) {
    const QJsonValue error = anthropicErrorBody.value(QLatin1String("error"));
    if (error.isString()) return error.toString();
    const QJsonObject object = error.toObject();
    const QString message = object.value(QLatin1String("message")).toString();
    // A bare type ("overloaded_error") still says more than nothing.
    return message.isEmpty() ? object.value(QLatin1String("type")).toString() : message;
}

}  // namespace gatehouse::anthropic
