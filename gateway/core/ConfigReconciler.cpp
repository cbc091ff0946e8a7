#include "ConfigReconciler.h"

#include "GatewayState.h"
#include "plugins/PluginManager.h"

#include <QDir>
#include <QSet>

namespace gatehouse {

namespace {

bool hostLeftIt(PluginState s) {
    return s == PluginState::Unloaded || s == PluginState::Discovered;
}

// Whether the host already runs exactly these entries: then applying them
// again would only re-initialise plugins for nothing.
bool hostMatches(const PluginManager &host, const QList<PluginEntry> &entries) {
    QSet<QString> names;
    for (const PluginEntry &e : entries) {
        names.insert(e.name);
        const auto s = host.status(e.name);
        if (!s || hostLeftIt(s->state) || s->enabled != e.enabled || s->version != e.version ||
            s->config != e.config || (!e.path.isEmpty() && s->path != e.path))
            return false;
    }
    for (const PluginStatus &s : host.statuses())
        if (!names.contains(s.name) && !hostLeftIt(s.state)) return false;
    return true;
}

const PluginEntry *entryNamed(const GatewayConfig &config, const QString &name) {
    for (const PluginEntry &e : config.plugins)
        if (e.name == name) return &e;
    return nullptr;
}

}  // namespace

ConfigReconciler::ConfigReconciler(ConfigStore *store, PluginManager *plugins, GatewayState *state,
                                   QObject *parent)
    : QObject(parent), store_(store), plugins_(plugins), state_(state) {
    connect(store_, &ConfigStore::effectiveChanged, this, &ConfigReconciler::apply);
}

void ConfigReconciler::apply(const std::shared_ptr<const GatewayConfig> &config) {
    if (plugins_ && !hostMatches(*plugins_, config->plugins)) {
        ++hostApplies_;
        plugins_->applyConfig(config->plugins);
    }
    if (state_) state_->setConfig(config);
    emit applied(config);
}

ConfigStore::Result ConfigReconciler::addPlugin(PluginEntry entry) {
    if (entry.name.trimmed().isEmpty()) {
        ConfigStore::Result refused;
        refused.status = 400;
        refused.error = QStringLiteral("a plugin needs a name: set \"name\"");
        return refused;
    }
    // As config.json's relative paths are: against the config file's folder.
    if (!entry.path.isEmpty() && plugins_)
        entry.path =
            QDir::cleanPath(QDir(plugins_->options().configDirectory).absoluteFilePath(entry.path));
    return commitAndCheck(entry.name, PluginEdits::add(entry), /*adding=*/true);
}

ConfigStore::Result ConfigReconciler::updatePlugin(const QString &name,
                                                   const PluginEdits::Update &update) {
    ConfigStore::Result refused;
    refused.status = 400;
    if (update.version && *update.version < 1) {
        refused.error = QStringLiteral("version must be 1 or more (got %1)").arg(*update.version);
        return refused;
    }
    // The schema check runs no plugin code: a config it rules out is never
    // committed.
    if (update.config && plugins_ && !plugins_->checkConfig(name, *update.config, &refused.error))
        return refused;
    return commitAndCheck(name, PluginEdits::update(name, update), /*adding=*/false);
}

ConfigStore::Result ConfigReconciler::removePlugin(const QString &name) {
    return commitAndCheck(name, PluginEdits::remove(name), /*adding=*/false);
}

ConfigStore::Result ConfigReconciler::commitAndCheck(const QString &name,
                                                     const ConfigStore::Edit &edit, bool adding) {
    std::optional<ConfigItem> before;
    if (const ConfigItem *item = store_->content()->find(ConfigSection::Plugins, name))
        before = *item;
    const qint64 revision = store_->content()->revision;
    // Committing publishes the new effective config, which apply() has put
    // on the host by the time commitNow() returns.
    ConfigStore::Result result = store_->commitNow(edit);
    if (result.status == 404 && plugins_) {
        // The host may know the name as a file nobody configured: say so.
        const auto found = plugins_->status(name);
        if (found && found->state == PluginState::Discovered)
            result.error = QStringLiteral(
                               "plugin \"%1\" is only discovered (%2), not "
                               "configured: add it first (POST /api/plugins or a "
                               "config.json entry)")
                               .arg(name, found->path);
    }
    if (!result.ok() || !plugins_) return result;
    const PluginEntry *committed = entryNamed(*store_->effective(), name);
    if (!committed) return result;  // removed
    // Nothing new was committed (enabling what the store has enabled), but
    // the host failed to start it before: the edit asks it to try again,
    // towards the state the store already holds.
    if (store_->content()->revision == revision && committed->enabled) {
        const auto tried = plugins_->status(name);
        QString ignored;
        if (tried && tried->state == PluginState::Error) plugins_->setEnabled(name, true, &ignored);
    }
    const auto status = plugins_->status(name);
    if (!status) return result;
    // The host keeps the previous instance when a plugin refuses a change:
    // what runs then differs from what was committed.
    const bool refused = status->enabled != committed->enabled ||
                         status->version != committed->version ||
                         status->config != committed->config;
    const bool failed = committed->enabled && status->state != PluginState::Active;
    if (!refused && !failed) return result;
    result.status = 400;
    result.error = status->error.isEmpty() ? QStringLiteral("plugin \"%1\" did not start").arg(name)
                                           : status->error;
    if (refused && !adding) {
        // Taken back out, so the store holds what runs. Applying it finds
        // the host as it is: nothing loops.
        const ConfigStore::Result undone = store_->commitNow(PluginEdits::restore(name, before));
        if (!undone.ok())
            result.error +=
                QStringLiteral(" (and the store kept it: ") + undone.error + QLatin1Char(')');
    }
    return result;
}

}  // namespace gatehouse
