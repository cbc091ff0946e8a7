#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <deque>
#include <memory>

namespace gatehouse::responses {

class ResponseArchive;

// The Responses API's stored responses, for `previous_response_id`
// follow-ups on providers that keep no state (every one but OpenAI) and for
// GET/DELETE /v1/responses/{id}. Each entry is the conversation up to and
// including that response, as canonical chat messages (system instructions
// excluded: they do not carry over), and the response object as the client
// got it. Kept as compact JSON bytes (one block each: cheap to keep and to
// drop).
//
// One per gateway, shared by its workers: the recent responses in memory,
// bounded (the oldest go first beyond kMaxEntries or kMaxBytes), in front
// of the archive (the store) that keeps every one for the log retention.
class ResponseMemory {
public:
    static constexpr int kMaxEntries = 2000;
    static constexpr qsizetype kMaxBytes = 64 * 1024 * 1024;

    ResponseMemory() = default;
    // Set before the gateway serves: each new response is also saved there.
    void setArchive(std::shared_ptr<ResponseArchive> archive);
    bool archived() const { return archive_ != nullptr; }
    // How long responses are found again, for error messages.
    static QString keptHow();

    // A new response: kept here and saved to the archive.
    void put(const QString &id, const QJsonArray &conversation, const QByteArray &responseJson);
    // The same with the conversation as JSON text already.
    void putJson(const QString &id, QByteArray conversationJson, const QByteArray &responseJson);
    // One read back from the archive: kept here only.
    void adopt(const QString &id, const QByteArray &conversationJson,
               const QByteArray &responseJson);
    bool contains(const QString &id) const;
    bool conversation(const QString &id, QJsonArray *out) const;
    bool response(const QString &id, QByteArray *json) const;
    bool remove(const QString &id);

private:
    struct Entry {
        QByteArray conversation;
        QByteArray response;
    };
    void insert(const QString &id, Entry entry);

    std::shared_ptr<ResponseArchive> archive_;
    mutable QMutex mutex_;
    QHash<QString, Entry> entries_;
    std::deque<QString> order_;  // oldest first
    qsizetype bytes_ = 0;
};

}  // namespace gatehouse::responses
