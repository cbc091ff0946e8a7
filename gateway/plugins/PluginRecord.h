#pragma once

#include "PluginLifecycle.h"
#include "PluginMetadata.h"
#include "PluginStats.h"
#include "plugins/ActivePlugin.h"
#include "plugins/PluginStatus.h"
#include "config/GatewayConfig.h"

#include <memory>
#include <optional>

namespace gatehouse {

// What PluginManager knows about one plugin entry. Main thread only.
struct PluginRecord {
    PluginEntry entry;  // as running: config.json plus run-time changes
    // The entry as config.json said last time; empty if the file does not
    // list it. Edits of the file are diffed against this, so a run-time
    // change survives edits of other fields.
    std::optional<PluginEntry> fromConfig;
    QString source;  // "config.json", "api" or "discovered"
    // Its state and error, changed only through the lifecycle's transitions.
    PluginLifecycle lifecycle;
    std::optional<PluginMetadata> metadata;
    std::shared_ptr<PluginStats> stats = std::make_shared<PluginStats>();
    std::shared_ptr<ActivePlugin> active;  // set while Active
    QString loadedPath;                    // the shadow copy `active` runs from

    PluginState state() const { return lifecycle.state(); }
    bool isConfigured() const { return lifecycle.isConfigured(); }
};

}  // namespace gatehouse
