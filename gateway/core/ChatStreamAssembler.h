#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace gatehouse {

// Builds the whole answer from OpenAI stream chunks (chat.completion.chunk or
// streamed text_completion), so plugins' postHooks see a streamed answer the
// same way they see a plain one (e.g. the cache stores it).
class ChatStreamAssembler {
public:
    void add(const QJsonObject &chunk);
    // A chat.completion (or text_completion) equal to what a plain request
    // would have returned.
    QJsonObject result() const;

private:
    struct ToolCall {
        QString id;
        QString name;
        QString arguments;
    };
    struct Choice {
        QString role;
        QString content;
        QString text;  // text_completion
        QString finishReason;
        QMap<int, ToolCall> toolCalls;
        bool hasContent = false;
    };
    QString id_;
    QString model_;
    qint64 created_ = 0;
    bool textCompletion_ = false;
    QMap<int, Choice> choices_;
    QJsonObject usage_;
};

// The chunks a client would have received had `response` (a chat.completion
// or text_completion) been streamed: role, content, tool calls, finish, and
// usage when there is some. Used to stream an answer a plugin short-circuited.
QList<QJsonObject> chunksForResponse(const QJsonObject &response);

}  // namespace gatehouse
