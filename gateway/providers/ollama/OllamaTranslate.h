#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Ollama's native chat API (POST /api/chat) as a provider: canonical chat
// requests -> /api/chat bodies, its answers and NDJSON stream lines -> chat
// completions and chunks. Unlike Ollama's OpenAI-compatible /v1, /api/chat
// takes options.num_ctx, so the context window configured for the model
// reaches the server instead of its 4096-token default cutting prompts.
namespace gatehouse::ollama {

// Canonical chat request (without "model") -> /api/chat body for `model`.
// Images go as base64 arrays on their message (Ollama fetches no URL),
// assistant tool calls with their arguments as an object, tool results as
// role "tool" with the called function's name; response_format becomes
// `format`, reasoning_effort or thinking `think`, the sampling settings
// `options` (max_tokens as num_predict). `numCtx` > 0 goes as
// options.num_ctx; 0 leaves Ollama's own default. Fails only for what
// Ollama cannot be asked; the error names the JSON path.
bool chatRequestToOllama(const QJsonObject &chat, const QString &model, int numCtx, bool stream,
                         QJsonObject *request, QString *error);

// A non-streamed /api/chat answer -> chat.completion (`model` when the answer
// names none). Tool calls get ids ("call_..."): Ollama gives none.
QJsonObject ollamaAnswerToChat(const QJsonObject &answer, const QString &model);

// done_reason as chat's finish_reason; calling tools turns it into "tool_calls".
QString chatFinishReasonFor(const QString &doneReason, bool calledTools);

// prompt_eval_count / eval_count -> chat usage.
QJsonObject chatUsageFrom(const QJsonObject &answer);

// Ollama's tool calls -> chat tool_calls (arguments as a JSON string);
// `firstIndex` >= 0 numbers them for stream deltas.
QJsonArray chatToolCallsFrom(const QJsonArray &calls, int firstIndex);

// The message of Ollama's error body {"error": "..."}; empty if none.
QString errorMessageFrom(const QJsonObject &body);

// /api/chat's streamed lines (one JSON object each) -> chat.completion.chunk
// objects. Ollama sends each tool call whole; the last line has done:true,
// done_reason and the token counts, which go out on one finish chunk.
class OllamaStreamToChat {
public:
    explicit OllamaStreamToChat(const QString &model);

    QList<QJsonObject> onLine(const QJsonObject &line);
    // True once the done:true line was read.
    bool finished() const { return finished_; }
    bool hasError() const { return !error_.isEmpty(); }
    QString errorMessage() const { return error_; }
    QJsonObject usage() const { return usage_; }

private:
    QJsonObject chunk(const QJsonObject &delta, const QString &finishReason = {}) const;

    QString model_;
    QString id_;
    qint64 created_ = 0;
    bool started_ = false;
    int toolCalls_ = 0;
    QJsonObject usage_;
    QString error_;
    bool finished_ = false;
};

}  // namespace gatehouse::ollama
