#include "VertexAccountCaches.h"

#include "VertexTokenCache.h"

namespace gatehouse {

std::shared_ptr<VertexTokenCache> VertexAccountCaches::find(const QString &source, qint64 nowMs) {
    sweep(nowMs);
    auto it = entries_.find(source);
    if (it == entries_.end()) return nullptr;
    it->lastUsedMs = nowMs;
    return it->cache;
}

void VertexAccountCaches::insert(const QString &source, std::shared_ptr<VertexTokenCache> cache,
                                 qint64 nowMs) {
    entries_.insert(source, Entry{std::move(cache), nowMs});
}

void VertexAccountCaches::sweep(qint64 nowMs) {
    if (nowMs - lastSweepMs_ < idleMs_ / 10) return;
    lastSweepMs_ = nowMs;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (nowMs - it->lastUsedMs >= idleMs_)
            it = entries_.erase(it);
        else
            ++it;
    }
}

}  // namespace gatehouse
