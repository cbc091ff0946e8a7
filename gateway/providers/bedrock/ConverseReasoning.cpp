// Claude's extended thinking through Converse: budgets and signed blocks.
#include "ConverseReasoning.h"

namespace gatehouse::bedrock {

void addThinking(int budget, QJsonObject *converse) {
    if (budget <= 0) return;
    QJsonObject fields = converse->value(QLatin1String("additionalModelRequestFields")).toObject();
    fields[QStringLiteral("thinking")] =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")},
                    {QStringLiteral("budget_tokens"), budget}};
    (*converse)[QStringLiteral("additionalModelRequestFields")] = fields;
    QJsonObject inference = converse->value(QLatin1String("inferenceConfig")).toObject();
    const QJsonValue maxTokens = inference.value(QLatin1String("maxTokens"));
    inference[QStringLiteral("maxTokens")] =
        anthropic::maxTokensWithThinking(budget, maxTokens.isDouble() ? maxTokens.toInteger() : 0);
    // Claude refuses a temperature other than 1 (and top_p under 0.95) with
    // thinking on; chat clients that ask for reasoning often send one anyway.
    inference.remove(QLatin1String("temperature"));
    inference.remove(QLatin1String("topP"));
    (*converse)[QStringLiteral("inferenceConfig")] = inference;
}

QJsonArray reasoningBlocksFrom(const QJsonArray &thinkingBlocks) {
    QJsonArray blocks;
    for (const QJsonValue &v : anthropic::replayableThinkingBlocks(thinkingBlocks)) {
        const QJsonObject block = v.toObject();
        const QJsonObject reasoning =
            block.value(QLatin1String("type")).toString() == QLatin1String("redacted_thinking")
                ? QJsonObject{{QStringLiteral("redactedContent"),
                               block.value(QLatin1String("data"))}}
                : QJsonObject{
                      {QStringLiteral("reasoningText"),
                       QJsonObject{{QStringLiteral("text"), block.value(QLatin1String("thinking"))},
                                   {QStringLiteral("signature"),
                                    block.value(QLatin1String("signature"))}}}};
        blocks.append(QJsonObject{{QStringLiteral("reasoningContent"), reasoning}});
    }
    return blocks;
}

QJsonObject thinkingBlockFrom(const QJsonObject &reasoningContent) {
    // Converse's redactedContent is a blob, base64 in JSON: the same string
    // goes back as it came, so Anthropic's opaque data survives the trip.
    if (reasoningContent.contains(QLatin1String("redactedContent")))
        return {{QStringLiteral("type"), QStringLiteral("redacted_thinking")},
                {QStringLiteral("data"), reasoningContent.value(QLatin1String("redactedContent"))}};
    const QJsonObject text = reasoningContent.value(QLatin1String("reasoningText")).toObject();
    const QString signature = text.value(QLatin1String("signature")).toString();
    if (signature.isEmpty()) return {};
    return {{QStringLiteral("type"), QStringLiteral("thinking")},
            {QStringLiteral("thinking"), text.value(QLatin1String("text")).toString()},
            {QStringLiteral("signature"), signature}};
}

}  // namespace gatehouse::bedrock
