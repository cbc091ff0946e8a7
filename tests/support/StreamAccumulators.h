#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include "http/SseParser.h"

namespace gatehouse::test {

// Rebuilds an Anthropic message from its SSE events the way the official
// SDKs' stream accumulators do, and records (as test failures) every event
// they would reject or mishandle.
class AnthropicAccumulator {
public:
    void apply(const SseEvent &event);
    void apply(const QList<SseEvent> &events) {
        for (const SseEvent &e : events) apply(e);
    }
    const QJsonObject &message() const { return message_; }
    bool stopped() const { return stopped_; }
    QList<QByteArray> eventNames() const { return names_; }

private:
    QJsonObject message_;
    QMap<int, QString> jsonBuffers_;
    QList<QByteArray> names_;
    int openBlock_ = -1;
    bool started_ = false;
    bool stopped_ = false;
};

// Rebuilds a chat completion from chat.completion.chunk objects the way the
// official OpenAI SDK does, checking each chunk's envelope.
class ChatAccumulator {
public:
    void apply(const QJsonObject &chunk);
    void apply(const QList<QJsonObject> &chunks) {
        for (const QJsonObject &c : chunks) apply(c);
    }
    QString content;
    QString reasoning;
    QString finishReason;
    QString role;
    QJsonObject usage;
    struct ToolCall {
        QString id, name, arguments;
    };
    QMap<int, ToolCall> toolCalls;
    int chunkCount = 0;
};

}  // namespace gatehouse::test
