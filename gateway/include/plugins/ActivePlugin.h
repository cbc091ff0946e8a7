#pragma once

#include "plugins/HookPace.h"
#include "plugins/PluginHook.h"

#include <QString>
#include <memory>

namespace gatehouse {

class GatewayPlugin;
class PluginInstance;
class PluginLogBook;
class PluginStats;

// One active plugin in a chain snapshot. Holding it keeps the plugin's
// instance (and library) alive: a request that took a chain can finish on it
// even after the plugin was reloaded or disabled; cleanup() runs on the main
// thread once the last holder lets go. Thread-safe; immutable but for stats and pace.
class ActivePlugin {
public:
    ActivePlugin(QString name, std::shared_ptr<PluginInstance> instance,
                 std::shared_ptr<PluginStats> stats, std::shared_ptr<PluginLogBook> book,
                 PluginHookMask hooks);
    ~ActivePlugin();

    const QString &name() const { return name_; }  // the config entry's name
    GatewayPlugin *plugin() const { return plugin_; }
    // False for hooks the plugin's metadata did not list: callers may skip
    // them (the call* functions do).
    bool hasHook(PluginHook hook) const { return (hooks_ & pluginHookBit(hook)) != 0; }

    // Counts a call into the per-hook stats and the instance's pace. True
    // when this call took the instance off the worker threads (HookPace).
    bool recordCall(PluginHook hook, qint64 nanos, bool failed);
    // Whether this instance's transport interceptor, preHook and postHook
    // may run inline on the request's worker thread (proven fast), rather
    // than on the hook threads. Stream chunk hooks always run inline.
    bool hooksRunInline() const { return pace_->runsInline(); }
    const HookPace &pace() const { return *pace_; }
    // For the plugin's status, which must not keep the instance alive.
    std::shared_ptr<const HookPace> sharedPace() const { return pace_; }
    // A line in the plugin's log (level "debug", "info", "warning", "error").
    void log(const QString &level, const QString &message, const QString &hook = {},
             const QString &requestId = {});
    PluginLogBook &logBook() const { return *book_; }
    const std::shared_ptr<PluginInstance> &instance() const { return instance_; }

private:
    const QString name_;
    std::shared_ptr<PluginInstance> instance_;
    GatewayPlugin *plugin_;
    std::shared_ptr<PluginStats> stats_;
    std::shared_ptr<PluginLogBook> book_;
    const PluginHookMask hooks_;
    const std::shared_ptr<HookPace> pace_ = std::make_shared<HookPace>();
};

}  // namespace gatehouse
