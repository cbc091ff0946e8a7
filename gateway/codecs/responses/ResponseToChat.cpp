// A Responses API response object (an OpenAI provider's own answer, passed
// through) read as a canonical chat completion, for the plugins' postHooks.
#include "ResponseToChat.h"
#include "ResponsesShared.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::responses {

namespace {

QJsonObject chatUsage(const QJsonObject &usage) {
    const int input = usage.value(QLatin1String("input_tokens")).toInt();
    const int output = usage.value(QLatin1String("output_tokens")).toInt();
    return {{QStringLiteral("prompt_tokens"), input},
            {QStringLiteral("completion_tokens"), output},
            {QStringLiteral("total_tokens"),
             usage.value(QLatin1String("total_tokens")).toInt(input + output)},
            {QStringLiteral("prompt_tokens_details"),
             QJsonObject{{QStringLiteral("cached_tokens"),
                          usage.value(QLatin1String("input_tokens_details"))
                              .toObject()
                              .value(QLatin1String("cached_tokens"))
                              .toInt()}}},
            {QStringLiteral("completion_tokens_details"),
             QJsonObject{{QStringLiteral("reasoning_tokens"),
                          usage.value(QLatin1String("output_tokens_details"))
                              .toObject()
                              .value(QLatin1String("reasoning_tokens"))
                              .toInt()}}}};
}

}  // namespace

QJsonObject responseToChat(const QJsonObject &response) {
    const QJsonArray output = response.value(QLatin1String("output")).toArray();
    // Text and tool calls as a stored conversation keeps them; then what only
    // an answer has: the refusal and the reasoning summaries.
    QJsonObject message = assistantMessageFrom(output);
    QString refusal, reasoning;
    for (const QJsonValue &v : output) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message")) {
            for (const QJsonValue &p : item.value(QLatin1String("content")).toArray())
                refusal += p.toObject().value(QLatin1String("refusal")).toString();
        } else if (type == QLatin1String("reasoning")) {
            for (const QJsonValue &s : item.value(QLatin1String("summary")).toArray())
                reasoning += s.toObject().value(QLatin1String("text")).toString();
        }
    }
    if (!refusal.isEmpty()) message[QStringLiteral("refusal")] = refusal;
    if (!reasoning.isEmpty()) message[QStringLiteral("reasoning_content")] = reasoning;
    const bool calls = message.contains(QLatin1String("tool_calls"));
    const QString status = response.value(QLatin1String("status")).toString();
    const QString incomplete = response.value(QLatin1String("incomplete_details"))
                                   .toObject()
                                   .value(QLatin1String("reason"))
                                   .toString();
    const QString finish =
        status == QLatin1String("incomplete")
            ? (incomplete == QLatin1String("content_filter") ? QStringLiteral("content_filter")
                                                             : QStringLiteral("length"))
        : calls ? QStringLiteral("tool_calls")
                : QStringLiteral("stop");
    QJsonObject chat{{QStringLiteral("id"), response.value(QLatin1String("id"))},
                     {QStringLiteral("object"), QStringLiteral("chat.completion")},
                     {QStringLiteral("created"), response.value(QLatin1String("created_at"))},
                     {QStringLiteral("model"), response.value(QLatin1String("model"))},
                     {QStringLiteral("choices"),
                      QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                             {QStringLiteral("message"), message},
                                             {QStringLiteral("finish_reason"), finish}}}}};
    if (response.value(QLatin1String("usage")).isObject())
        chat[QStringLiteral("usage")] =
            chatUsage(response.value(QLatin1String("usage")).toObject());
    return chat;
}

}  // namespace gatehouse::responses
