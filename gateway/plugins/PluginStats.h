#pragma once

#include "plugins/PluginHook.h"
#include "plugins/PluginStatus.h"

#include <QHash>
#include <array>
#include <atomic>

namespace gatehouse {

// Call counts, errors and time per hook for one plugin entry, shared by all
// its instances (stats survive a reload). Lock-free: hooks record from
// worker threads on every request.
class PluginStats {
public:
    void record(PluginHook hook, qint64 nanos, bool failed);
    QHash<QString, HookStats> snapshot() const;  // only hooks called at least once

private:
    struct Counters {
        std::atomic<quint64> calls{0};
        std::atomic<quint64> errors{0};
        std::atomic<quint64> nanos{0};
    };
    std::array<Counters, kPluginHookCount> hooks_;
};

}  // namespace gatehouse
