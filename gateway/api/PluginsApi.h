#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class PluginManager;
struct GatewayState;
class RequestGuard;

// /api/plugins: list, add, change (enabled / config / version), remove, logs.
//   GET    /api/plugins                 every plugin's status
//   POST   /api/plugins                 {name, path, version?, enabled?, config?, sha256?}
//   GET    /api/plugins/{name}          one status
//   PUT    /api/plugins/{name}          {enabled?, config?, version?}
//   DELETE /api/plugins/{name}
//   GET    /api/plugins/{name}/logs     ?after=<id>&limit=<n>
// Reads are answered on the worker thread (the manager's reads are
// thread-safe); changes run on the manager's (main) thread, are committed
// to the config store and applied by the gateway's ConfigReconciler (a bare
// host without one is changed directly), and the answer comes back to the
// worker that owns the connection.
// Naming a plugin file (POST, or PUT with "path" or "sha256") runs that code
// in the gateway, so it needs the API token even on loopback.
class PluginsApi {
public:
    PluginsApi(PluginManager *manager, GatewayState *state, QObject *workerContext,
               std::shared_ptr<const RequestGuard> guard)
        : manager_(manager), state_(state), worker_(workerContext), guard_(std::move(guard)) {}
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    bool allowedToNameCode(const std::shared_ptr<HttpExchange> &exchange) const;

    PluginManager *manager_;
    GatewayState *state_;
    QObject *worker_;
    std::shared_ptr<const RequestGuard> guard_;
};

}  // namespace gatehouse
