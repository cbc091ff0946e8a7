#pragma once

#include <QHash>
#include <QString>
#include <memory>

namespace gatehouse {

class VertexTokenCache;

// One worker's token caches by auth_credentials source. An entry not used
// for `idleMs` (an account taken out of the config, a rotated key file) is
// dropped at the next sweep, so the process-wide registry
// (VertexTokenCache::forAccount), which keeps an account's cache only
// while someone holds it, lets it go too.
class VertexAccountCaches {
public:
    static constexpr qint64 kIdleMs = 2 * 3600 * 1000;  // two token lifetimes

    explicit VertexAccountCaches(qint64 idleMs = kIdleMs) : idleMs_(idleMs) {}

    // The cache kept for `source`, marked used at `nowMs`; null if none.
    std::shared_ptr<VertexTokenCache> find(const QString &source, qint64 nowMs);
    void insert(const QString &source, std::shared_ptr<VertexTokenCache> cache, qint64 nowMs);
    int size() const { return int(entries_.size()); }

private:
    struct Entry {
        std::shared_ptr<VertexTokenCache> cache;
        qint64 lastUsedMs = 0;
    };
    // Drops idle entries, at most once per idle period's tenth.
    void sweep(qint64 nowMs);

    qint64 idleMs_;
    qint64 lastSweepMs_ = 0;
    QHash<QString, Entry> entries_;
};

}  // namespace gatehouse
