#include "plugins/PluginLog.h"

#include <algorithm>

namespace gatehouse {

PluginLogBook::PluginLogBook(int capacityPerPlugin) : capacity_(std::max(1, capacityPerPlugin)) {}

PluginLogLine PluginLogBook::append(const QString &plugin, const QString &level,
                                    const QString &message, const QString &hook,
                                    const QString &requestId) {
    PluginLogLine line;
    line.time = QDateTime::currentDateTimeUtc();
    line.plugin = plugin;
    line.level = level;
    line.message = message;
    line.hook = hook;
    line.requestId = requestId;
    {
        QMutexLocker locker(&mutex_);
        line.id = nextId_++;
        std::deque<PluginLogLine> &ring = rings_[plugin];
        ring.push_back(line);
        if (int(ring.size()) > capacity_) ring.pop_front();
    }
    QMutexLocker locker(&sinkMutex_);
    if (sink_) sink_(line);
    return line;
}

QList<PluginLogLine> PluginLogBook::lines(const QString &plugin, qint64 afterId, int limit) const {
    QList<PluginLogLine> out;
    QMutexLocker locker(&mutex_);
    const auto it = rings_.constFind(plugin);
    if (it == rings_.constEnd() || limit <= 0) return out;
    const std::deque<PluginLogLine> &ring = *it;
    // Ids within a ring increase, so the start is a binary search.
    auto first = std::upper_bound(ring.begin(), ring.end(), afterId,
                                  [](qint64 id, const PluginLogLine &l) { return id < l.id; });
    for (; first != ring.end() && out.size() < limit; ++first) out.append(*first);
    return out;
}

void PluginLogBook::setSink(Sink sink) {
    QMutexLocker locker(&sinkMutex_);
    sink_ = std::move(sink);
}

}  // namespace gatehouse
