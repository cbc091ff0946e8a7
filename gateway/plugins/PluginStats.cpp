#include "PluginStats.h"

namespace gatehouse {

void PluginStats::record(PluginHook hook, qint64 nanos, bool failed) {
    Counters &c = hooks_[size_t(hook)];
    c.calls.fetch_add(1, std::memory_order_relaxed);
    c.nanos.fetch_add(quint64(qMax<qint64>(0, nanos)), std::memory_order_relaxed);
    if (failed) c.errors.fetch_add(1, std::memory_order_relaxed);
}

QHash<QString, HookStats> PluginStats::snapshot() const {
    QHash<QString, HookStats> out;
    for (int i = 0; i < kPluginHookCount; ++i) {
        const Counters &c = hooks_[size_t(i)];
        HookStats s;
        s.calls = c.calls.load(std::memory_order_relaxed);
        if (s.calls == 0) continue;
        s.errors = c.errors.load(std::memory_order_relaxed);
        s.meanMicros = double(c.nanos.load(std::memory_order_relaxed)) / 1000.0 / double(s.calls);
        out.insert(pluginHookName(PluginHook(i)), s);
    }
    return out;
}

}  // namespace gatehouse
