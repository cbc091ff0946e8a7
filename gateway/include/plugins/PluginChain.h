#pragma once

#include "plugins/ActivePlugin.h"

#include <QList>
#include <memory>

namespace gatehouse {

// The active plugins in configured order: an immutable snapshot. A request
// takes one at its start (PluginManager::chain()) and keeps it to the end,
// so reloads never change the plugins under a running request.
// Thread-safe (nothing in it changes).
class PluginChain {
public:
    PluginChain() = default;
    explicit PluginChain(QList<std::shared_ptr<ActivePlugin>> plugins);

    const QList<std::shared_ptr<ActivePlugin>> &plugins() const { return plugins_; }
    bool isEmpty() const { return plugins_.isEmpty(); }
    std::shared_ptr<ActivePlugin> find(const QString &name) const;

private:
    const QList<std::shared_ptr<ActivePlugin>> plugins_{};  // {}: clang requires it for a const member
};

}  // namespace gatehouse
