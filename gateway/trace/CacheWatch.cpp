#include "CacheWatch.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>

namespace gatehouse {

namespace {

// Below this a provider caches nothing (Anthropic's and OpenAI's minimum is
// 1024 tokens), so a smaller read is no miss.
constexpr int kMinCacheable = 1024;
// What a provider may read short of the earlier turn's prefix without a
// miss: tokenization and cache block rounding (OpenAI caches in 128-token
// steps), or 2% of it. Anything more was a part of the prefix lost.
constexpr int kSlackTokens = 128;

int commonMessages(const CachePrefix &a, const CachePrefix &b) {
    const qsizetype n = qMin(a.messages.size(), b.messages.size());
    qsizetype i = 0;
    while (i < n && a.messages[i] == b.messages[i]) ++i;
    return int(i);
}

// How much of its prefix `turn` shares with `earlier`: model, tools and
// system first, then the conversation.
qint64 likeness(const CachePrefix &earlier, const CachePrefix &turn) {
    qint64 score = 0;
    if (earlier.target == turn.target) score += 4;
    if (earlier.tools == turn.tools) score += 2;
    if (earlier.system == turn.system) score += 2;
    return score * 100000 + commonMessages(earlier, turn);
}

QString listed(const QStringList &names) {
    QStringList shown = names.mid(0, 5);
    if (names.size() > 5) shown << QStringLiteral("%1 more").arg(names.size() - 5);
    return shown.join(QStringLiteral(", "));
}

QString toolsChange(const CachePrefix &a, const CachePrefix &b) {
    QMultiHash<size_t, QString> before;
    for (qsizetype i = 0; i < a.toolHashes.size(); ++i)
        before.insert(a.toolHashes[i], a.toolNames.value(i));
    QList<size_t> sortedA = a.toolHashes, sortedB = b.toolHashes;
    std::sort(sortedA.begin(), sortedA.end());
    std::sort(sortedB.begin(), sortedB.end());
    if (sortedA == sortedB)
        return QStringLiteral(
                   "the tool list was reordered (the same %1 tools in another "
                   "order)")
            .arg(a.toolHashes.size());
    const QSet<QString> namesA(a.toolNames.cbegin(), a.toolNames.cend());
    const QSet<QString> namesB(b.toolNames.cbegin(), b.toolNames.cend());
    QStringList added, removed, changed;
    for (qsizetype i = 0; i < b.toolNames.size(); ++i) {
        const QString &name = b.toolNames[i];
        if (!namesA.contains(name))
            added << name;
        else if (!before.contains(b.toolHashes[i]))
            changed << name;
    }
    for (const QString &name : a.toolNames)
        if (!namesB.contains(name)) removed << name;
    QStringList parts;
    if (!added.isEmpty()) parts << QStringLiteral("added %1").arg(listed(added));
    if (!removed.isEmpty()) parts << QStringLiteral("removed %1").arg(listed(removed));
    if (!changed.isEmpty()) parts << QStringLiteral("changed %1").arg(listed(changed));
    if (parts.isEmpty()) parts << QStringLiteral("reordered and changed");
    return QStringLiteral("the tools changed: ") + parts.join(QStringLiteral("; "));
}

QStringList reasons(const CachePrefix &a, const CachePrefix &b) {
    QStringList why;
    if (a.target != b.target)
        why << QStringLiteral("the model changed from %1 to %2 (each model has its own cache)")
                   .arg(a.target, b.target);
    if (a.tools != b.tools) why << toolsChange(a, b);
    if (a.system != b.system) why << QStringLiteral("the system prompt changed");
    const int common = commonMessages(a, b);
    if (common < a.messages.size()) {
        if (common < b.messages.size())
            why << QStringLiteral(
                       "the conversation changed at message %1 (edited, compacted or "
                       "reordered history)")
                       .arg(common);
        else
            why << QStringLiteral("the conversation is shorter than before (%1 messages, was %2)")
                       .arg(b.messages.size())
                       .arg(a.messages.size());
    }
    if (b.markers.isEmpty() && !a.markers.isEmpty())
        why << QStringLiteral(
                   "the request has no cache_control breakpoints (the turn before "
                   "had %1)")
                   .arg(a.markers.size());
    const qint64 gapMs = b.atMs - a.atMs;
    if (gapMs > qint64(a.ttlSeconds) * 1000)
        why << QStringLiteral("%1 min since that turn: past the cache's %2 min lifetime")
                   .arg(gapMs / 60000)
                   .arg(a.ttlSeconds / 60);
    if (why.isEmpty())
        why << QStringLiteral(
            "the prefix is unchanged: the provider dropped its cache early or "
            "served this turn from another cache");
    return why;
}

}  // namespace

QJsonObject CacheWatch::compare(const CachePrefix &earlier, const CachePrefix &turn) {
    const int expected = earlier.cached.value_or(0) + earlier.cacheWrite;
    if (expected < kMinCacheable) return {};  // nothing was kept to be read
    const int cached = turn.cached.value_or(0);
    QJsonObject report{{QStringLiteral("compared_to"), earlier.requestId},
                       {QStringLiteral("expected_cached"), expected},
                       {QStringLiteral("cached"), cached}};
    const bool missed = cached + qMax(kSlackTokens, expected / 50) < expected;
    report.insert(QStringLiteral("missed"), missed);
    if (missed)
        report.insert(QStringLiteral("reasons"),
                      QJsonArray::fromStringList(reasons(earlier, turn)));
    return report;
}

QJsonObject CacheWatch::observe(const CachePrefix &turn, const QString &sessionId) {
    std::deque<CachePrefix> &turns = sessions_[sessionId];
    const CachePrefix *best = nullptr;
    qint64 bestScore = -1;
    for (auto it = turns.crbegin(); it != turns.crend(); ++it) {  // newest first wins ties
        if (it->requestId == turn.requestId) continue;            // a batch written again
        const qint64 score = likeness(*it, turn);
        if (score > bestScore) {
            bestScore = score;
            best = &*it;
        }
    }
    QJsonObject report;
    if (best && turn.cached) report = compare(*best, turn);

    const bool seen = std::any_of(turns.cbegin(), turns.cend(), [&](const CachePrefix &p) {
        return p.requestId == turn.requestId;
    });
    if (!seen) {
        turns.push_back(turn);
        if (turns.size() > size_t(kTurnsKept)) turns.pop_front();
    }
    recent_.erase(std::remove(recent_.begin(), recent_.end(), sessionId), recent_.end());
    recent_.push_back(sessionId);
    while (recent_.size() > size_t(kSessionsKept)) {
        sessions_.remove(recent_.front());
        recent_.pop_front();
    }
    return report;
}

}  // namespace gatehouse
