#pragma once

#include "codecs/ClientCodec.h"

#include <QJsonArray>
#include <QMap>

namespace gatehouse::responses {

class ResponseMemory;

// Canonical chat chunks -> the Responses API's typed stream events
// (response.created, response.output_item.added, response.output_text.delta,
// response.function_call_arguments.delta, response.output_item.done,
// response.completed, ...), each with its sequence_number, in the order the
// OpenAI SDKs' stream accumulators require: one output item open at a time.
class ResponsesStreamEncoder : public ClientStreamEncoder {
public:
    // `memory`: where the finished response is kept (null: nowhere).
    ResponsesStreamEncoder(const QString &model, const CodecContext &context,
                           ResponseMemory *memory);
    QByteArray onChunk(const QJsonObject &chunk) override;
    QByteArray finish() override;
    QByteArray error(const GatewayError &error) override;

private:
    enum class Open { None, Reasoning, Message, ToolCall };
    struct ToolCall {
        QString itemId, callId, name, arguments;
        int outputIndex = -1;
    };
    void start(QByteArray *out);
    void event(const char *type, QJsonObject data, QByteArray *out);
    // Where a delta event adds its text: the optional indexes (-1: none).
    struct DeltaPlace {
        const QString &itemId;
        int outputIndex;
        int contentIndex = -1;
        int summaryIndex = -1;
        bool logprobs = false;
    };
    void deltaEvent(const char *type, const DeltaPlace &place, const QString &delta,
                    QByteArray *out);
    void openReasoning(QByteArray *out);
    void openMessage(QByteArray *out);
    void openToolCall(int index, QByteArray *out);
    void closeOpen(QByteArray *out);
    void addToolCall(const QJsonObject &delta, QByteArray *out);
    QJsonObject envelope(const QString &status) const;

    QString model_;
    CodecContext context_;
    ResponseMemory *memory_;
    QString id_;
    qint64 createdAt_;
    int sequence_ = 0;
    bool started_ = false;
    bool finished_ = false;
    Open open_ = Open::None;
    QString itemId_;     // the open message or reasoning item
    QString text_;       // its text so far
    int openTool_ = -1;  // the open tool call's chat index
    QMap<int, ToolCall> tools_;
    QJsonArray output_;  // done items, in order
    QString refusal_;    // the open message's refusal part, when it has one
    bool refusalOpen_ = false;
    QString finishReason_;
    QJsonObject usage_;
};

}  // namespace gatehouse::responses
