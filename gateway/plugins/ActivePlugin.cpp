#include "plugins/ActivePlugin.h"

#include "PluginInstance.h"
#include "plugins/PluginLog.h"
#include "PluginStats.h"

namespace gatehouse {

ActivePlugin::ActivePlugin(QString name, std::shared_ptr<PluginInstance> instance,
                           std::shared_ptr<PluginStats> stats, std::shared_ptr<PluginLogBook> book,
                           PluginHookMask hooks)
    : name_(std::move(name)),
      instance_(std::move(instance)),
      plugin_(instance_->plugin()),
      stats_(std::move(stats)),
      book_(std::move(book)),
      hooks_(hooks) {}

ActivePlugin::~ActivePlugin() = default;

bool ActivePlugin::recordCall(PluginHook hook, qint64 nanos, bool failed) {
    stats_->record(hook, nanos, failed);
    // Chunk hooks run inline whatever their pace, and are many per request:
    // they would prove a plugin fast on their own.
    return hook != PluginHook::StreamChunk && pace_->record(nanos);
}

void ActivePlugin::log(const QString &level, const QString &message, const QString &hook,
                       const QString &requestId) {
    book_->append(name_, level, message, hook, requestId);
}

}  // namespace gatehouse
