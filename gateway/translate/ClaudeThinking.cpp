#include "ClaudeThinking.h"

#include <QRegularExpression>

namespace gatehouse::anthropic {

bool isClaudeModel(const QString &modelId) {
    return modelId.contains(QLatin1String("anthropic."), Qt::CaseInsensitive) ||
           modelId.contains(QLatin1String("claude"), Qt::CaseInsensitive);
}

bool claudeModelThinks(const QString &modelId) {
    if (!isClaudeModel(modelId)) return false;
    // The generations before 3.7, by the names Anthropic, Bedrock and Vertex
    // give them ("claude-3-5-sonnet-20241022", "anthropic.claude-3-haiku-...",
    // "claude-3-opus@20240229", "anthropic.claude-v2:1", "claude-instant-1.2").
    static const QRegularExpression older(
        QStringLiteral("claude-(instant|v?[12]([.:-]|$)|3-(haiku|opus|sonnet|5))"),
        QRegularExpression::CaseInsensitiveOption);
    return !older.match(modelId).hasMatch();
}

int thinkingBudgetFor(const QJsonObject &chat) {
    const QJsonObject thinking = chat.value(QLatin1String("thinking")).toObject();
    const QString type = thinking.value(QLatin1String("type")).toString();
    if (type == QLatin1String("disabled")) return 0;
    if (type == QLatin1String("enabled"))
        return qMax(kMinimumThinkingBudget, thinking.value(QLatin1String("budget_tokens")).toInt());
    const QString effort = chat.value(QLatin1String("reasoning_effort")).toString().toLower();
    if (effort.isEmpty() || effort == QLatin1String("none")) return 0;
    if (effort == QLatin1String("minimal") || effort == QLatin1String("low")) return 1024;
    if (effort == QLatin1String("high")) return 16384;
    return 4096;
}

qint64 maxTokensWithThinking(int budget, qint64 asked) {
    if (asked <= 0) return budget + kThinkingAnswerRoom;
    if (asked <= budget) return budget + asked;
    return asked;
}

QJsonArray replayableThinkingBlocks(const QJsonArray &thinkingBlocks) {
    QJsonArray blocks;
    for (const QJsonValue &v : thinkingBlocks) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("thinking") &&
            !block.value(QLatin1String("signature")).toString().isEmpty())
            blocks.append(QJsonObject{
                {QStringLiteral("type"), type},
                {QStringLiteral("thinking"), block.value(QLatin1String("thinking")).toString()},
                {QStringLiteral("signature"), block.value(QLatin1String("signature"))}});
        else if (type == QLatin1String("redacted_thinking") &&
                 !block.value(QLatin1String("data")).toString().isEmpty())
            blocks.append(
                QJsonObject{{QStringLiteral("type"), type},
                            {QStringLiteral("data"), block.value(QLatin1String("data"))}});
    }
    return blocks;
}

}  // namespace gatehouse::anthropic
