#include "InstanceRetirer.h"

#include "PluginInstance.h"

#include <QMetaObject>
#include <QObject>

namespace gatehouse {

namespace {
void finish(PluginInstance *instance) {
    instance->cleanup();
    delete instance;
}
}  // namespace

InstanceRetirer::InstanceRetirer(QObject *context) : context_(context) {}

std::shared_ptr<PluginInstance> InstanceRetirer::share(std::unique_ptr<PluginInstance> instance) {
    // The deleter holds the retirer weakly: a retirer gone means the host is
    // gone, and the instance is finished where it is dropped.
    std::weak_ptr<InstanceRetirer> weak = weak_from_this();
    return std::shared_ptr<PluginInstance>(instance.release(), [weak](PluginInstance *p) {
        if (const std::shared_ptr<InstanceRetirer> self = weak.lock())
            self->retire(p);
        else
            finish(p);
    });
}

void InstanceRetirer::setRetiredCallback(std::function<void(const QString &)> callback) {
    QMutexLocker locker(&mutex_);
    retired_ = std::move(callback);
}

void InstanceRetirer::retire(PluginInstance *instance) {
    QMutexLocker locker(&mutex_);
    if (!open_ || !context_) {
        locker.unlock();
        finish(instance);
        return;
    }
    pending_.append(instance);
    // Posted while holding the lock: close() takes it before the context
    // can go away, so the context is alive here. Always queued, even on the
    // main thread, so a retirement never runs inside the caller's update.
    std::weak_ptr<InstanceRetirer> weak = weak_from_this();
    QMetaObject::invokeMethod(
        context_.data(),
        [weak] {
            if (const std::shared_ptr<InstanceRetirer> self = weak.lock()) self->drain();
        },
        Qt::QueuedConnection);
}

void InstanceRetirer::drain() {
    QList<PluginInstance *> batch;
    std::function<void(const QString &)> retired;
    {
        QMutexLocker locker(&mutex_);
        batch.swap(pending_);
        retired = retired_;
    }
    for (PluginInstance *instance : batch) {
        const QString name = instance->spec().entryName;
        finish(instance);
        if (retired) retired(name);
    }
}

void InstanceRetirer::close() {
    {
        QMutexLocker locker(&mutex_);
        open_ = false;
        retired_ = nullptr;
    }
    drain();
}

}  // namespace gatehouse
