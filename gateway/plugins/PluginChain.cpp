#include "plugins/PluginChain.h"

namespace gatehouse {

PluginChain::PluginChain(QList<std::shared_ptr<ActivePlugin>> plugins)
    : plugins_(std::move(plugins)) {}

std::shared_ptr<ActivePlugin> PluginChain::find(const QString &name) const {
    for (const std::shared_ptr<ActivePlugin> &plugin : plugins_)
        if (plugin->name() == name) return plugin;
    return nullptr;
}

}  // namespace gatehouse
