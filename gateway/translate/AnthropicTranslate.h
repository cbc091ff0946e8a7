#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include "http/SseParser.h"

// Translation between the Anthropic Messages API and the OpenAI Chat
// Completions API, the gateway's internal format. Pure functions over JSON: no
// I/O. Where one side has no equivalent for a field, the field is dropped
// rather than failing the request; malformed input fails with a message that
// names the JSON path ("messages[2].content: ...").
namespace gatehouse {
struct GatewayError;
}

namespace gatehouse::anthropic {

// Client side: the gateway's /anthropic/v1/messages endpoint accepts Anthropic
// requests and routes them internally as chat completions.
// What has no chat form is left out and named in `dropped` (JSON paths or
// top-level keys); only what no translation can use fails.
bool messagesRequestToChat(const QJsonObject &messagesRequest, QJsonObject *chatRequest,
                           QString *error, QStringList *dropped = nullptr);
QJsonObject chatResponseToMessages(const QJsonObject &chatCompletion);

// Provider side: a request that arrived as a chat completion goes to
// api.anthropic.com.
bool chatRequestToMessages(const QJsonObject &chatRequest, QJsonObject *messagesRequest,
                           QString *error);
QJsonObject messagesResponseToChat(const QJsonObject &anthropicMessage);

// {"type":"error","error":{"type":<Anthropic type for the status>,"message":...}}
QJsonObject errorBody(int httpStatus, const QString &message);
// The same for a gateway error, as compact JSON.
QByteArray errorJson(const GatewayError &error);
// The human-readable message of an Anthropic error body, or empty.
QString errorMessageFrom(const QJsonObject &anthropicErrorBody);

// Provider side streaming: Anthropic SSE events -> chat.completion.chunk objects.
class MessagesStreamToChat {
public:
    // `model` names the model in every chunk (the name the client asked for);
    // when empty, the upstream's name from message_start is used.
    explicit MessagesStreamToChat(const QString &model);

    // One upstream event (event name + parsed data). Returns the chunks it
    // produces, possibly none.
    QList<QJsonObject> onEvent(const QByteArray &eventName, const QJsonObject &data);
    bool finished() const { return finished_; }  // message_stop seen
    bool hasError() const { return hasError_; }  // an "error" event arrived
    QString errorMessage() const { return errorMessage_; }
    QString errorType() const { return errorType_; }
    // {prompt_tokens, completion_tokens, total_tokens} so far.
    QJsonObject usage() const;

private:
    QJsonObject chunk(const QJsonObject &delta, const QString &finishReason = {}) const;
    QList<QJsonObject> onContentBlockStart(const QJsonObject &data);
    QList<QJsonObject> onContentBlockDelta(const QJsonObject &data);
    void takeUsage(const QJsonObject &usage);

    QString model_;
    QString id_;
    qint64 created_;
    QHash<int, int> toolIndexByBlock_;  // Anthropic block index -> OpenAI tool index
    int toolCount_ = 0;
    qint64 inputTokens_ = 0;  // Anthropic's count, without cache reads and writes
    qint64 cacheReadTokens_ = 0;
    qint64 cacheCreationTokens_ = 0;
    qint64 outputTokens_ = 0;
    bool finished_ = false;
    bool hasError_ = false;
    QString errorMessage_;
    QString errorType_;
};

// Client side streaming: chat.completion.chunk objects -> Anthropic SSE events
// in the order the Anthropic SDKs' stream accumulators require.
class ChatStreamToMessages {
public:
    // `model` names the model in message_start; when empty, the first chunk's is used.
    explicit ChatStreamToMessages(const QString &model);

    // event = Anthropic event name, data = compact JSON.
    QList<SseEvent> onChunk(const QJsonObject &chunk);
    // Closes the open block, then message_delta (stop_reason, usage) and
    // message_stop. Idempotent: later calls return nothing.
    QList<SseEvent> finish();

private:
    struct ToolCall {
        QString id;
        QString name;
        QString pendingArguments;  // fragments that arrived before the name
        int block = -1;            // Anthropic block index once started
    };

    void start(const QJsonObject &chunk, QList<SseEvent> *out);
    void appendThinking(const QString &text, QList<SseEvent> *out);
    void appendSignedThinking(const QJsonObject &block, QList<SseEvent> *out);
    void appendText(const QString &text, QList<SseEvent> *out);
    void appendToolCall(const QJsonObject &toolCall, QList<SseEvent> *out);
    void startToolBlock(ToolCall *call, QList<SseEvent> *out);
    void closeOpenBlock(QList<SseEvent> *out);
    static void emitEvent(const QByteArray &name, const QJsonObject &data, QList<SseEvent> *out);
    static void emitDelta(int index, const char *deltaType, const char *field, const QString &text,
                          QList<SseEvent> *out);

    QString model_;
    QString id_;
    bool started_ = false;
    bool finished_ = false;
    int blockCount_ = 0;
    int openBlock_ = -1;
    bool openBlockIsText_ = false;
    bool openBlockIsThinking_ = false;
    QMap<int, ToolCall> toolCalls_;  // by OpenAI tool_calls[].index, in order
    QString finishReason_;
    bool refused_ = false;
    QJsonObject usage_;  // the upstream's OpenAI usage, once seen
};

}  // namespace gatehouse::anthropic
