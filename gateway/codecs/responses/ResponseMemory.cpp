#include "ResponseMemory.h"
#include "ResponseArchive.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QHashFunctions>
#include <QJsonDocument>

namespace gatehouse::responses {

namespace {

// A slot's buffer is kept for its next entry while no larger than this, so
// the memory's slack stays bounded.
constexpr qsizetype kKeptBuffer = 16 * 1024;

// The ids' hash: of their UTF-8, as the slots keep them.
size_t hashOf(QByteArrayView id) {
    return qHash(id);
}

}  // namespace

ResponseMemory::ResponseMemory() {
    resize(kMaxEntries);
}

ResponseMemory::~ResponseMemory() = default;

void ResponseMemory::setArchive(std::shared_ptr<ResponseArchive> archive) {
    archive_ = std::move(archive);
    resize(archive_ ? kMaxEntriesArchived : kMaxEntries);
}

// Empties the memory: it is sized before the gateway serves.
void ResponseMemory::resize(int capacity) {
    QMutexLocker lock(&mutex_);
    slots_.assign(size_t(capacity), Slot());
    size_t indexSize = 1;
    while (indexSize < 2 * size_t(capacity)) indexSize *= 2;
    index_.assign(indexSize, kNone);
    mask_ = indexSize - 1;
    next_ = 0;
    bytes_ = 0;
}

QString ResponseMemory::keptHow() {
    return QStringLiteral(
        "Gatehouse keeps responses made with \"store\" (the default) in its store for "
        "log_retention_days, or in memory until it restarts when content logging is off");
}

void ResponseMemory::put(const QString &id, const QJsonArray &conversation,
                         const QByteArray &responseJson) {
    putJson(id, toCompactJson(conversation), responseJson);
}

void ResponseMemory::putJson(const QString &id, QByteArray conversationJson,
                             const QByteArray &responseJson) {
    const QByteArray idBytes = id.toUtf8();
    // The archive keeps it: a follow-up or a GET reads it back from there
    // (and it is kept here then). Copying every new response here as well
    // cost a worker ~0.5 us a response (perf), mostly the slot's cold
    // buffer and the evicted entry, for a read-back saved only when the
    // next turn came within the last 256 responses.
    if (archive_) return archive_->save(idBytes, conversationJson, responseJson);
    insert(idBytes, hashOf(idBytes), conversationJson, responseJson);
}

void ResponseMemory::adopt(const QString &id, const QByteArray &conversationJson,
                           const QByteArray &responseJson) {
    const QByteArray idBytes = id.toUtf8();
    insert(idBytes, hashOf(idBytes), conversationJson, responseJson);
}

int ResponseMemory::find(QByteArrayView id, size_t hash) const {
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
        const int slot = index_[at];
        if (slot == kNone) return kNone;
        const Slot &s = slots_[size_t(slot)];
        if (s.hash == hash && s.id() == id) return slot;
    }
}

void ResponseMemory::release(int slot) {
    Slot &s = slots_[size_t(slot)];
    size_t at = s.hash & mask_;
    while (index_[at] != slot) at = (at + 1) & mask_;
    // Backward-shift deletion: each entry after the gap that may move back
    // to it (its home position is not between the gap and itself) does, so
    // a probe never stops early at a hole.
    for (;;) {
        index_[at] = kNone;
        size_t next = at;
        for (;;) {
            next = (next + 1) & mask_;
            const int moved = index_[next];
            if (moved == kNone) {
                bytes_ -= s.bytes.size() - s.idSize;
                s.used = false;
                // The buffer stays for the slot's next entry, unless large.
                if (s.bytes.capacity() > kKeptBuffer) s.bytes = QByteArray();
                s.bytes.resize(0);
                return;
            }
            const size_t home = slots_[size_t(moved)].hash & mask_;
            const bool staysPut =
                at <= next ? (at < home && home <= next) : (at < home || home <= next);
            if (staysPut) continue;
            index_[at] = moved;
            at = next;
            break;
        }
    }
}

void ResponseMemory::insert(QByteArrayView idBytes, size_t hash, QByteArrayView conversation,
                            QByteArrayView response) {
    const qsizetype size = conversation.size() + response.size();
    QMutexLocker lock(&mutex_);
    if (find(idBytes, hash) != kNone) return;
    const int capacity = int(slots_.size());
    const int slot = next_;
    if (slots_[size_t(slot)].used) release(slot);
    Slot &s = slots_[size_t(slot)];
    s.used = true;
    s.hash = hash;
    s.idSize = idBytes.size();
    s.conversationSize = conversation.size();
    // Free or just released: its buffer is empty, kKeptBuffer at most.
    s.bytes.reserve(idBytes.size() + size);
    appendBytes(s.bytes, idBytes);
    appendBytes(s.bytes, conversation);
    appendBytes(s.bytes, response);
    bytes_ += size;
    size_t at = hash & mask_;
    while (index_[at] != kNone) at = (at + 1) & mask_;
    index_[at] = slot;
    next_ = (slot + 1) % capacity;
    // Beyond the bytes, the oldest go (never the one just added).
    for (int k = 0; bytes_ > kMaxBytes && k < capacity - 1; ++k) {
        const int oldest = (next_ + k) % capacity;
        if (slots_[size_t(oldest)].used) release(oldest);
    }
}

bool ResponseMemory::contains(const QString &id) const {
    const QByteArray idBytes = id.toUtf8();
    const size_t hash = hashOf(idBytes);
    QMutexLocker lock(&mutex_);
    return find(idBytes, hash) != kNone;
}

bool ResponseMemory::conversation(const QString &id, QJsonArray *out) const {
    const QByteArray idBytes = id.toUtf8();
    const size_t hash = hashOf(idBytes);
    QMutexLocker lock(&mutex_);
    const int slot = find(idBytes, hash);
    if (slot == kNone) return false;
    *out = QJsonDocument::fromJson(slots_[size_t(slot)].conversation().toByteArray()).array();
    return true;
}

bool ResponseMemory::response(const QString &id, QByteArray *json) const {
    const QByteArray idBytes = id.toUtf8();
    const size_t hash = hashOf(idBytes);
    QMutexLocker lock(&mutex_);
    const int slot = find(idBytes, hash);
    if (slot == kNone) return false;
    *json = slots_[size_t(slot)].response().toByteArray();
    return true;
}

bool ResponseMemory::remove(const QString &id) {
    const QByteArray idBytes = id.toUtf8();
    const size_t hash = hashOf(idBytes);
    QMutexLocker lock(&mutex_);
    const int slot = find(idBytes, hash);
    if (slot == kNone) return false;
    release(slot);
    return true;
}

}  // namespace gatehouse::responses
