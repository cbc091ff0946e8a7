#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QMutex>
#include <QString>
#include <memory>
#include <vector>

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
// One per gateway, shared by its workers, bounded (the oldest go first
// beyond the entry count or kMaxBytes). Alone (no store: content logging
// off) it keeps the recent responses. With an archive (the store, which
// keeps every one for the log retention) new responses go only there, and
// the memory keeps those read back from it, for the next turn and GETs.
//
// A ring of slots in the order the responses came, found through an index
// of their ids' hashes: adding one overwrites the oldest slot and touches
// no other entry. Each slot copies its entry into a buffer of its own,
// reused by the next entry that takes the slot, so the request's arrays
// are freed while still in the cache and nothing is freed cold later. (A
// hash of ids and a queue of them cost ~1.5 us of a worker per response at
// 16 connections, most of it reading and freeing the evicted entry's cold
// id, conversation and response; docs/performance.md.)
class ResponseMemory {
public:
    // Alone, the memory is all there is (content logging off): it keeps
    // this many.
    static constexpr int kMaxEntries = 2000;
    // With an archive it keeps this many read back from it.
    static constexpr int kMaxEntriesArchived = 256;
    static constexpr qsizetype kMaxBytes = 64 * 1024 * 1024;

    ResponseMemory();
    ~ResponseMemory();
    // Set before the gateway serves: each new response is also saved there.
    void setArchive(std::shared_ptr<ResponseArchive> archive);
    bool archived() const { return archive_ != nullptr; }
    // How many responses it keeps at most.
    int capacity() const { return int(slots_.size()); }
    // How long responses are found again, for error messages.
    static QString keptHow();

    // A new response: saved to the archive, or kept here without one.
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
    // A slot's buffer holds the id (UTF-8), the conversation and the
    // response back to back.
    struct Slot {
        bool used = false;
        size_t hash = 0;
        qsizetype idSize = 0, conversationSize = 0;
        QByteArray bytes;
        QByteArrayView id() const { return QByteArrayView(bytes).first(idSize); }
        QByteArrayView conversation() const {
            return QByteArrayView(bytes).sliced(idSize, conversationSize);
        }
        QByteArrayView response() const {
            return QByteArrayView(bytes).sliced(idSize + conversationSize);
        }
    };
    static constexpr int kNone = -1;

    void resize(int capacity);
    // `id` in UTF-8, with its hash.
    void insert(QByteArrayView id, size_t hash, QByteArrayView conversation,
                QByteArrayView response);
    // The slot holding `id` (its UTF-8), or kNone. Under mutex_.
    int find(QByteArrayView id, size_t hash) const;
    // Frees `slot` and takes it out of the index. Under mutex_.
    void release(int slot);

    std::shared_ptr<ResponseArchive> archive_;
    mutable QMutex mutex_;
    std::vector<Slot> slots_;
    // Open addressing (linear probing) over the slots' hashes: a slot
    // number or kNone, twice the slots in size so a probe stays short.
    std::vector<int> index_;
    size_t mask_ = 0;
    int next_ = 0;  // the slot the next response takes: the oldest
    qsizetype bytes_ = 0;
};

}  // namespace gatehouse::responses
