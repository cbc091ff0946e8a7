#pragma once

#include "http/HttpHeaders.h"

#include <gatehouse/plugin.h>
#include <QHash>

namespace gatehouse {

// The PluginContext of one request: its id, the client's headers and the
// key/values plugins share across their hooks (and across fallbacks).
// Used by one thread at a time: the request's worker thread, or a hook
// thread while a phase of the chain runs there (see HookThreads).
class RequestPluginContext : public PluginContext {
public:
    RequestPluginContext(QString requestId, const HttpHeaders *clientHeaders)
        : requestId_(std::move(requestId)), clientHeaders_(clientHeaders) {}

    QString requestId() const override { return requestId_; }
    QVariant value(const QString &key) const override { return values_.value(key); }
    void setValue(const QString &key, const QVariant &value) override {
        values_.insert(key, value);
    }
    QByteArray clientHeader(const QByteArray &name) const override {
        return clientHeaders_->value(name);
    }

private:
    QString requestId_;
    const HttpHeaders *clientHeaders_;
    QHash<QString, QVariant> values_;
};

}  // namespace gatehouse
