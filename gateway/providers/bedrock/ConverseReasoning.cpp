// Claude's extended thinking through Converse: budgets and signed blocks.
#include "ConverseReasoning.h"

namespace gatehouse::bedrock {

namespace {
constexpr int kMinimumBudget = 1024;  // Anthropic refuses smaller budgets
constexpr int kAnswerRoom = 4096;     // maxTokens beyond the budget when none is asked
}  // namespace

bool isClaudeModel(const QString &modelId) {
    return modelId.contains(QLatin1String("anthropic."), Qt::CaseInsensitive) ||
           modelId.contains(QLatin1String("claude"), Qt::CaseInsensitive);
}

int thinkingBudgetFor(const QJsonObject &chat) {
    const QJsonObject thinking = chat.value(QLatin1String("thinking")).toObject();
    const QString type = thinking.value(QLatin1String("type")).toString();
    if (type == QLatin1String("disabled")) return 0;
    if (type == QLatin1String("enabled"))
        return qMax(kMinimumBudget, thinking.value(QLatin1String("budget_tokens")).toInt());
    const QString effort = chat.value(QLatin1String("reasoning_effort")).toString().toLower();
    if (effort.isEmpty() || effort == QLatin1String("none")) return 0;
    if (effort == QLatin1String("minimal") || effort == QLatin1String("low")) return 1024;
    if (effort == QLatin1String("high")) return 16384;
    return 4096;  // medium, and efforts named otherwise
}

void addThinking(int budget, QJsonObject *converse) {
    if (budget <= 0) return;
    QJsonObject fields = converse->value(QLatin1String("additionalModelRequestFields")).toObject();
    fields[QStringLiteral("thinking")] =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")},
                    {QStringLiteral("budget_tokens"), budget}};
    (*converse)[QStringLiteral("additionalModelRequestFields")] = fields;
    QJsonObject inference = converse->value(QLatin1String("inferenceConfig")).toObject();
    const QJsonValue maxTokens = inference.value(QLatin1String("maxTokens"));
    if (!maxTokens.isDouble())
        inference[QStringLiteral("maxTokens")] = budget + kAnswerRoom;
    else if (maxTokens.toInteger() <= budget)
        inference[QStringLiteral("maxTokens")] = budget + maxTokens.toInteger();
    // Claude refuses a temperature other than 1 (and top_p under 0.95) with
    // thinking on; chat clients that ask for reasoning often send one anyway.
    inference.remove(QLatin1String("temperature"));
    inference.remove(QLatin1String("topP"));
    (*converse)[QStringLiteral("inferenceConfig")] = inference;
}

QJsonArray reasoningBlocksFrom(const QJsonArray &thinkingBlocks) {
    QJsonArray blocks;
    for (const QJsonValue &v : thinkingBlocks) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        QJsonObject reasoning;
        const QString signature = block.value(QLatin1String("signature")).toString();
        const QString data = block.value(QLatin1String("data")).toString();
        // Unsigned thinking (another provider's reasoning) is only shown:
        // Claude takes back what it signed.
        if (type == QLatin1String("thinking") && !signature.isEmpty())
            reasoning[QStringLiteral("reasoningText")] = QJsonObject{
                {QStringLiteral("text"), block.value(QLatin1String("thinking")).toString()},
                {QStringLiteral("signature"), signature}};
        else if (type == QLatin1String("redacted_thinking") && !data.isEmpty())
            reasoning[QStringLiteral("redactedContent")] = data;
        else
            continue;
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
