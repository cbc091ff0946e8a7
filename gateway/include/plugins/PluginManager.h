#pragma once

#include "config/GatewayConfig.h"
#include "config/SharedSnapshot.h"
#include "plugins/PluginChain.h"
#include "plugins/PluginLog.h"
#include "plugins/PluginStatus.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gatehouse {

class HostServices;

class InstanceRetirer;
class PluginConfigWatcher;
class ShadowLibraries;
struct PluginRecord;

// The plugin host: loads plugins from config.json entries (and at run time
// through add()/setEnabled()/... for /api/plugins), keeps each plugin's
// status and log, and publishes the chain of active plugins the request
// pipeline runs. (Named PluginManager because the SDK's gatehouse::PluginHost
// is the interface a plugin sees in init().)
//
// Lives on the main thread: the mutating calls are made there, and plugins'
// init() and cleanup() run there. chain(), statuses(), status() and logs()
// are thread-safe. Errors never stop the host: a plugin that cannot load
// gets state Error with a message saying what to do, a log line and a
// qWarning, and everything else keeps running.
class PluginManager : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString configDirectory;      // base of relative paths given to add(); default: cwd
        QString userPluginDirectory;  // default: AppDataLocation + "/plugins"
        // Where the bundled plugins are installed. An entry without "path"
        // loads <dir>/<name>.so from the first of these that has it, so
        // config.json names a bundled plugin by its name alone.
        QStringList systemPluginDirectories;
        QString shadowDirectory;  // default: CacheLocation + "/plugin-shadow"
        QString dataDirectory;    // default: AppDataLocation + "/plugin-data"
        int logLinesPerPlugin = 1000;
        // The services each instance of the entry named so is offered
        // (gatehouse/host_services.h); unset: none.
        std::function<std::shared_ptr<HostServices>(const QString &entry)> hostServices;
    };

    explicit PluginManager(Options options, QObject *parent = nullptr);
    // Empties the chain and cleans up every instance no request still holds;
    // one still held is cleaned up when its last holder lets go, there.
    ~PluginManager() override;

    // Makes the plugins match config.json's "plugins": at start, and on every
    // change of the file. Only what changed since the last call is touched:
    // new entries load, removed ones unload, "enabled" enables or disables,
    // "config" re-initialises, "path" or "version" reloads the file from
    // disk. Changes made at run time (add(), setConfig(), ...) to fields the
    // file did not change are kept. The chain follows the file's order.
    void applyConfig(const QList<PluginEntry> &entries);
    // Watches config.json and applies its plugins when it changes.
    void watchConfigFile(const QString &path);
    // Rescans userPluginDirectory for plugins nobody configured.
    void discover();

    // The current chain; never null. A request keeps the one it started with.
    std::shared_ptr<const PluginChain> chain() const;
    QList<PluginStatus> statuses() const;  // configured order, then discovered
    std::optional<PluginStatus> status(const QString &name) const;
    // The first `limit` lines after `afterId`, oldest first.
    QList<PluginLogLine> logs(const QString &name, qint64 afterId = 0, int limit = 500) const;

    // Run-time control (what /api/plugins calls). Each returns false and an
    // actionable *error on failure; the gateway keeps running. A plugin that
    // is added but fails to start stays listed in state Error.
    bool add(const PluginEntry &entry, QString *error);
    bool remove(const QString &name, QString *error);
    bool setEnabled(const QString &name, bool enabled, QString *error);
    // Re-initialises: a new instance of the same code gets the new config
    // and replaces the old one in the chain. If init() refuses it, the old
    // instance keeps running with the old config.
    bool setConfig(const QString &name, const QJsonObject &config, QString *error);
    // What setConfig() checks before it runs any plugin code (the plugin's
    // configSchema), without changing anything: so an edit can be refused
    // before it is committed to the config store.
    bool checkConfig(const QString &name, const QJsonObject &config, QString *error) const;
    // Reloads the .so from disk (a rebuilt file really runs) and swaps the
    // new instance in; if it fails to start, the old one keeps running.
    bool setVersion(const QString &name, int version, QString *error);

    const Options &options() const { return options_; }

    // Sees every hook call of every plugin, on the worker thread that made
    // it (see HookCallFeed); an empty observer stops it. Thread-safe.
    void setHookCallObserver(HookCallFeed::Observer observer);
    // Shows a call that is not a plugin's in the same log (an MCP tool
    // call). Costs nothing while nobody watches. Thread-safe.
    void publishHookCall(const HookCallRecord &record);
    bool hookCallsObserved() const;

signals:
    void chainChanged();
    void statusChanged(const QString &name);
    // Emitted on the thread that wrote the line (hooks run on workers).
    void logLine(const PluginLogLine &line);
    // config.json changed but could not be loaded; the running plugins stay.
    void configFileError(const QString &message);

private:
    enum class Code { FromDisk, Same };

    PluginRecord *find(const QString &name) const;
    PluginRecord &create(const QString &name);
    bool start(PluginRecord &record, Code code, QString *error);
    bool fail(PluginRecord &record, const QString &message, QString *error);
    void stop(PluginRecord &record, PluginState state);
    void readMetadataForDisplay(PluginRecord &record);
    void applyEntry(PluginRecord &record, const PluginEntry &entry);
    // The entry, its empty path filled in from systemPluginDirectories if
    // one of them holds <name>.so; unchanged otherwise.
    PluginEntry withBundledPath(PluginEntry entry) const;
    bool requireConfigured(const QString &name, PluginRecord **record, QString *error) const;
    void hostLog(const PluginRecord &record, const QString &level, const QString &message);
    void rebuildChain();
    void publish(const QString &changed = {});

    Options options_;
    std::shared_ptr<PluginLogBook> book_;
    std::shared_ptr<ShadowLibraries> libraries_;
    std::shared_ptr<InstanceRetirer> retirer_;
    std::vector<std::unique_ptr<PluginRecord>> records_;  // main thread; in chain order
    SharedSnapshot<const PluginChain> chain_;
    PluginConfigWatcher *watcher_ = nullptr;

    struct Published;
    mutable QMutex publishedMutex_;
    std::shared_ptr<const std::vector<Published>> published_;
};

}  // namespace gatehouse
