#include "ResponseStore.h"

#include <QJsonDocument>

namespace gatehouse::cache {

void ResponseStore::setLimits(const Limits &limits) {
    QMutexLocker lock(&mutex_);
    limits_ = limits;
}

std::optional<QJsonObject> ResponseStore::find(const QByteArray &key) {
    QMutexLocker lock(&mutex_);
    const auto found = index_.constFind(key);
    if (found == index_.constEnd()) return std::nullopt;
    const Lru::iterator it = *found;
    if (Clock::now() >= it->expires) {
        eraseLocked(it);
        return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it);  // iterators stay valid
    return it->answer;                    // shares the data: cheap, and safe to use after unlocking
}

bool ResponseStore::insert(const QByteArray &key, const QJsonObject &answer) {
    // Size as stored text plus key: close enough to the memory held, and
    // computed before locking.
    const qint64 bytes = QJsonDocument(answer).toJson(QJsonDocument::Compact).size() + key.size();
    QMutexLocker lock(&mutex_);
    if (const auto old = index_.constFind(key); old != index_.constEnd()) eraseLocked(*old);
    if (bytes > limits_.maxBytes) return false;
    const auto expires = Clock::now() + std::chrono::milliseconds(limits_.ttlMs);
    lru_.push_front(Entry{key, answer, bytes, expires});
    index_.insert(key, lru_.begin());
    bytes_ += bytes;
    while (lru_.size() > size_t(limits_.maxEntries) || bytes_ > limits_.maxBytes)
        eraseLocked(std::prev(lru_.end()));
    return true;
}

void ResponseStore::clear() {
    QMutexLocker lock(&mutex_);
    lru_.clear();
    index_.clear();
    bytes_ = 0;
}

void ResponseStore::eraseLocked(Lru::iterator it) {
    bytes_ -= it->bytes;
    index_.remove(it->key);
    lru_.erase(it);
}

}  // namespace gatehouse::cache
