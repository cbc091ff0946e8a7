#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <deque>

namespace gatehouse::responses {

// The Responses API's stored responses, for `previous_response_id`
// follow-ups on providers that keep no state (every one but OpenAI) and for
// GET/DELETE /v1/responses/{id}. Each entry is the conversation up to and
// including that response, as canonical chat messages (system instructions
// excluded: they do not carry over), and the response object as the client
// got it. Kept as compact JSON bytes (one block each: cheap to keep and to
// drop). In memory, shared by all workers, bounded: the oldest entries go
// first beyond kMaxEntries or kMaxBytes.
class ResponseMemory {
public:
    static constexpr int kMaxEntries = 2000;
    static constexpr qsizetype kMaxBytes = 64 * 1024 * 1024;

    static ResponseMemory &shared();

    void put(const QString &id, const QJsonArray &conversation, const QByteArray &responseJson);
    bool conversation(const QString &id, QJsonArray *out) const;
    bool response(const QString &id, QByteArray *json) const;
    bool remove(const QString &id);

private:
    struct Entry {
        QByteArray conversation;
        QByteArray response;
    };
    mutable QMutex mutex_;
    QHash<QString, Entry> entries_;
    std::deque<QString> order_;  // oldest first
    qsizetype bytes_ = 0;
};

}  // namespace gatehouse::responses
