#pragma once

#include "store/ConfigEdits.h"
#include "store/ConfigStore.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class RequestGuard;

// /api/providers: the providers of the config store, keys masked.
//   GET    /api/providers          {"providers": [{name, source, ...config.json's object}]}
//   GET    /api/providers/{name}
//   POST   /api/providers          {name, keys, network_config, ...} -> 201
//   PUT    /api/providers/{name}   the whole provider object; a key sent back
//                                  masked keeps the stored value
//   DELETE /api/providers/{name}
// Changes apply to new requests at once (requests in flight keep the
// config they started with) and reach other instances sharing the store.
class ProvidersApi {
public:
    ProvidersApi(ConfigStore *store, QObject *workerContext,
                 std::shared_ptr<const RequestGuard> guard)
        : store_(store), worker_(workerContext), guard_(std::move(guard)) {}
    void handle(const std::shared_ptr<HttpExchange> &exchange);

    // A provider as the API shows it: masked keys, its source.
    static QJsonObject providerJson(const ConfigItem &item, bool withName);

private:
    ConfigStore *store_;
    QObject *worker_;
    std::shared_ptr<const RequestGuard> guard_;
};

// Trusted when the request carries the valid API token.
ConfigEdits::Caller callerOf(const RequestGuard *guard, const std::shared_ptr<HttpExchange> &ex);

// Answers a finished change: the refusal (with "param" naming the field),
// or `body` with the result's status.
void replyConfigResult(const std::shared_ptr<HttpExchange> &exchange,
                       const ConfigStore::Result &result, const QJsonObject &body);

}  // namespace gatehouse
