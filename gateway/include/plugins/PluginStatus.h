#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace gatehouse {

// Where a plugin is in its life. Discovered: a .so in the user plugin
// directory that config.json does not list (metadata read, no code run).
// Loaded: library loaded, init() not yet done. Active: in the chain.
// Disabled: enabled=false (no instance). Error: see PluginStatus::error.
// Unloaded: removed; its status and log lines stay visible.
enum class PluginState { Discovered, Loaded, Active, Disabled, Error, Unloaded };

QString pluginStateName(PluginState state);  // "discovered", "active", ...

struct HookStats {
    quint64 calls = 0;
    quint64 errors = 0;  // exceptions and hookError strings
    double meanMicros = 0;
};

// What the panel and /api/plugins show for one plugin; a copy, safe to keep.
struct PluginStatus {
    QString name;  // the config entry's name: the key for the API and logs
    QString path;  // the .so as configured (absolute)
    int version = 1;
    bool enabled = true;
    PluginState state = PluginState::Discovered;
    // What went wrong and what to do, when state == Error. Also set while
    // Active when the last change (new config or version) was refused and the
    // previous instance kept running.
    QString error;

    // From the plugin's metadata (plugin.json), when it could be read.
    QString pluginName;  // "name" in plugin.json
    QString pluginVersion;
    QString description;
    int apiVersion = 0;
    QStringList hooks;
    QJsonObject configSchema;

    QJsonObject config;
    QHash<QString, HookStats> stats;  // per hook name, over every instance
    // Where the running instance's hooks run (HookPace): "unproven" and
    // "slow" on the hook threads, "fast" inline; empty when not active.
    QString hookPace;
    QString source;      // "config.json", "api" or "discovered"
    QString loadedPath;  // the shadow copy the running code came from
};

}  // namespace gatehouse
