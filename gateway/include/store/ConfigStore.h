#pragma once

#include "store/ConfigContent.h"
#include "store/StoreLocation.h"
#include "config/GatewayConfig.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace gatehouse {

class PluginManager;
class StoreExecutor;

// Providers, plugins and client settings, kept in the store (the same
// SQLite file or PostgreSQL database as the logs) so that edits made
// through the API or the panel survive a restart. config.json seeds it
// (ConfigMerge::seed says how); the gateway runs the effective config that
// follows from both (ConfigMerge::effective).
//
// Lives on the main thread. effective() and content() are snapshots safe to
// read from any thread; change() may be called from any thread and never
// blocks it: the write runs on the store's own thread.
class ConfigStore : public QObject {
    Q_OBJECT
public:
    // The outcome of a change, as the API answers it.
    struct Result {
        int status = 200;  // 200 or 201; 400 refused (nothing changed); 404; 409; 503
        QString error;     // for people
        QString field;     // JSON path of the refused value, when there is one
        bool ok() const { return status < 300; }
    };
    // Edits a copy of the content: sets the items it changes (with their
    // source), or returns false with the reason in `result`.
    using Edit = std::function<bool(ConfigContent &content, Result *result)>;

    ConfigStore(StoreLocation location, GatewayConfig file, QObject *parent = nullptr);
    ~ConfigStore() override;

    // Start-up, blocking: brings the schema up to date, seeds the store from
    // config.json and loads the effective config. False with a message
    // that says what to do when the store cannot be used.
    bool open(QString *error);

    std::shared_ptr<const GatewayConfig> effective() const;
    std::shared_ptr<const ConfigContent> content() const;
    std::shared_ptr<const GatewayConfig> file() const;
    const StoreLocation &location() const { return location_; }

    // Validates the edited content (the effective config must load; an
    // error names the field), writes the changed items in one transaction,
    // publishes the new effective config, then calls `done` on `context`'s
    // thread (not at all if `context` is gone).
    void change(Edit edit, QObject *context, std::function<void(const Result &)> done);

    // Keeps the plugin host and the store in step: run-time changes of the
    // host (API, panel) are written to the store, and plugin changes of the
    // effective config (another instance, config.json) are applied to it.
    void followPlugins(PluginManager *plugins);
    // config.json changed: seed the store with its new version.
    void reseed(GatewayConfig file);
    // Notices changes written by other instances sharing the store: every
    // `intervalMs` the revision counter is read (one tiny query) and the
    // content reloaded when it moved.
    void startPolling(int intervalMs);
    void pollNow();

signals:
    // The effective config changed (main thread).
    void effectiveChanged(std::shared_ptr<const GatewayConfig> config);
    // A change could not be written or applied (main thread).
    void storeError(const QString &message);

private:
    // Plugin changes the host made itself are written back to the store;
    // while such writes are on their way, installed content (their echo, or
    // another instance's change found by the poll) does not move the host:
    // it may be further on already, and several quick version bumps must
    // not replay the older ones. The last write's echo brings both in step.
    enum class Host { Follow, IsTheSource };
    void install(const ConfigContent &content, bool force = false);
    void submit(Edit edit, QObject *context, std::function<void(const Result &)> done, Host host);
    void applyPlugins(const GatewayConfig &config);
    void persistPlugin(const QString &name);

    StoreLocation location_;
    std::unique_ptr<StoreExecutor> executor_;
    // std::atomic_load/store only: read from worker threads.
    std::shared_ptr<const GatewayConfig> file_;
    std::shared_ptr<const GatewayConfig> effective_;
    std::shared_ptr<const ConfigContent> content_;
    PluginManager *plugins_ = nullptr;
    bool applyingPlugins_ = false;
    int hostWritesInFlight_ = 0;  // main thread
    // What the store will hold once the host's writes in flight are done:
    // the base the next host write is compared with. Compared with
    // content() instead, a second edit that undid the first (a virtual key
    // created, then revoked) found "no change", was never written, and the
    // first write then put the undone state back on the host.
    std::shared_ptr<const ConfigContent> hostPending_;  // main thread
    bool polling_ = false;
    QTimer poll_;
};

}  // namespace gatehouse
