#pragma once

#include "ProvidersApi.h"

#include <QByteArray>
#include <QObject>
#include <memory>

namespace gatehouse {

class ConfigStore;
class HttpExchange;
class RequestGuard;

// /api/config and, through ProvidersApi, /api/providers.
//   GET /api/config   the effective config: "client" settings, "providers"
//                     (keys masked) and "plugins", each provider and plugin
//                     with its "source" (file | api | default), the sources
//                     of the client settings in "sources", the "revision".
//   PUT /api/config   {"client": {...}} sets those settings (null: default);
//                     {"providers": {...}}, {"plugins": [...]} replace the
//                     whole section. Validated by the config.json readers:
//                     a refused value answers 400 naming it in "param", and
//                     nothing changes. A "plugins" section names code to
//                     load, so it needs the API token, as POST /api/plugins.
// Reads come from the in-memory snapshot; writes run on the store's thread
// and the answer comes back on the worker that owns the connection.
class ConfigApi {
public:
    ConfigApi(ConfigStore *store, QObject *workerContext, std::shared_ptr<const RequestGuard> guard)
        : store_(store),
          worker_(workerContext),
          guard_(std::move(guard)),
          providers_(store, workerContext, guard_) {}

    static bool handles(const QByteArray &path);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    ConfigStore *store_;
    QObject *worker_;
    std::shared_ptr<const RequestGuard> guard_;
    ProvidersApi providers_;
};

}  // namespace gatehouse
