#pragma once

#include <QList>
#include <QMutex>
#include <QPointer>
#include <functional>
#include <memory>

class QObject;

namespace gatehouse {

class PluginInstance;

// Retires plugin instances: when the last holder of an instance lets go (a
// request on a worker thread finishing on an old chain, say), its cleanup()
// and deletion are posted to the main thread, as the SDK promises. After
// close() (the host is going away) instances are retired on the spot, on
// whichever thread lets go last. Thread-safe.
class InstanceRetirer : public std::enable_shared_from_this<InstanceRetirer> {
public:
    // `context` lives on the main thread; the retirements are posted to it.
    explicit InstanceRetirer(QObject *context);

    // Shares `instance` so that dropping the last copy retires it.
    std::shared_ptr<PluginInstance> share(std::unique_ptr<PluginInstance> instance);
    // Called on the main thread after each retirement (with the entry name).
    void setRetiredCallback(std::function<void(const QString &)> callback);
    // Retires what is waiting, now, on the calling (main) thread.
    void drain();
    // Drains, and retires later releases at once (no main thread to post to).
    void close();

private:
    void retire(PluginInstance *instance);

    QMutex mutex_;
    QPointer<QObject> context_;
    bool open_ = true;
    QList<PluginInstance *> pending_;
    std::function<void(const QString &)> retired_;
};

}  // namespace gatehouse
