// The cached answers: LRU with a time to live and entry/byte limits. Every
// member locks, so concurrent hooks can share one store.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <chrono>
#include <list>
#include <optional>

namespace gatehouse::cache {

class ResponseStore {
public:
    struct Limits {
        qint64 ttlMs = 300 * 1000;
        int maxEntries = 1000;
        qint64 maxBytes = 64LL * 1024 * 1024;
    };

    void setLimits(const Limits &limits);

    // A fresh entry (which becomes the most recently used), or nothing; an
    // expired entry is dropped on the way.
    std::optional<QJsonObject> find(const QByteArray &key);

    // Replaces an entry of the same key, then evicts least recently used
    // entries until both limits hold. False if the answer alone is larger
    // than max_bytes (it is not stored).
    bool insert(const QByteArray &key, const QJsonObject &answer);

    void clear();

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        QByteArray key;
        QJsonObject answer;
        qint64 bytes = 0;
        Clock::time_point expires;
    };
    using Lru = std::list<Entry>;  // front: most recently used

    void eraseLocked(Lru::iterator it);

    QMutex mutex_;
    Limits limits_;
    Lru lru_;
    QHash<QByteArray, Lru::iterator> index_;
    qint64 bytes_ = 0;
};

}  // namespace gatehouse::cache
