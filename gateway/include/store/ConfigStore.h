#pragma once

#include "config/GatewayConfig.h"
#include "config/SharedSnapshot.h"
#include "store/ConfigContent.h"
#include "store/StoreLocation.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace gatehouse {

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

    // change(), but blocking until the write is committed and the new
    // effective config published (effectiveChanged has been emitted, so
    // whoever follows the store has applied it). Main thread only: for
    // edits whose answer depends on what applying them did (a plugin's
    // init() may refuse its new config), made by a click or an API call,
    // never on a request's path.
    Result commitNow(const Edit &edit);
    // Writes this instance committed (the tests' measure of write-back).
    quint64 writes() const { return writes_; }
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
    // Applies `edit` to a copy of the content and checks the effective
    // config it gives: false (answered in *result) when refused, else the
    // changed items (maybe none).
    bool prepare(const Edit &edit, ConfigChanges *changes, Result *result) const;
    void install(const ConfigContent &content, bool force = false);

    StoreLocation location_;
    std::unique_ptr<StoreExecutor> executor_;
    // Read from worker threads.
    SharedSnapshot<const GatewayConfig> file_;
    SharedSnapshot<const GatewayConfig> effective_;
    SharedSnapshot<const ConfigContent> content_;
    quint64 writes_ = 0;  // main thread
    bool polling_ = false;
    QTimer poll_;
};

}  // namespace gatehouse
