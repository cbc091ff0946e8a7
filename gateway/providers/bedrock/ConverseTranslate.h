#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

// Amazon Bedrock's Converse API as a provider: canonical chat requests ->
// Converse requests, Converse answers and ConverseStream events -> chat
// completions and chunks.
namespace gatehouse::bedrock {

// Canonical chat request -> Converse request body (the model id goes in the
// URL). System and developer messages become `system` blocks, tool results
// join the user turn that follows the call (Converse wants turns to
// alternate), images must be base64 data: URLs (Bedrock fetches nothing).
// Fails for what Converse cannot be asked; the error names the JSON path.
// With `cachePoints`, parts and tools marked with "cache_control" (prompt-
// cache breakpoints) are followed by Converse's cachePoint blocks; without,
// the marks are left out (for models that cache nothing). With `thinking`
// (Claude models, isClaudeModel), the request's reasoning becomes extended
// thinking and assistant `thinking_blocks` go back as reasoningContent
// (ConverseReasoning.h); without, both are left out.
bool chatRequestToConverse(const QJsonObject &chat, QJsonObject *request, QString *error,
                           bool cachePoints = true, bool thinking = false);

// Whether a Bedrock model id caches prompts at cachePoints (Anthropic's
// Claude and Amazon's Nova models, also through inference profiles).
bool modelTakesCachePoints(const QString &modelId);

// Converse answer -> chat.completion for `model`.
QJsonObject converseResponseToChat(const QJsonObject &answer, const QString &model);

// Converse's stopReason as chat's finish_reason.
QString chatFinishReasonFor(const QString &stopReason);

// Converse usage {inputTokens, outputTokens, cacheReadInputTokens,
// cacheWriteInputTokens} -> chat usage. Bedrock counts cached tokens apart
// from inputTokens; chat's prompt_tokens includes them.
QJsonObject chatUsageFrom(const QJsonObject &converseUsage);

// The message of Bedrock's error body {"message": "..."} ("Message" in some
// services' answers); empty if none.
QString errorMessageFrom(const QJsonObject &body);

// ConverseStream events (`type` is the frame's :event-type, `data` its JSON
// payload) -> chat.completion.chunk objects. The finish reason
// (messageStop) is held until the usage (metadata, the last event) so both
// go out on one chunk, as chat clients expect.
class ConverseStreamToChat {
public:
    explicit ConverseStreamToChat(const QString &model);

    QList<QJsonObject> onEvent(const QByteArray &type, const QJsonObject &data);
    // True once the metadata event, the stream's last, was read.
    bool finished() const { return finished_; }
    QJsonObject usage() const { return usage_; }

private:
    QJsonObject chunk(const QJsonObject &delta, const QString &finishReason = {}) const;

    QString model_;
    QString id_;
    qint64 created_ = 0;
    QHash<int, int> toolIndex_;  // contentBlockIndex -> tool call index
    QString finishReason_;
    QJsonObject usage_;
    bool finished_ = false;
};

}  // namespace gatehouse::bedrock
