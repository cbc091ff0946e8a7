#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class PluginManager;

// /api/plugins: list, add, change (enabled / config / version), remove, logs.
//   GET    /api/plugins                 every plugin's status
//   POST   /api/plugins                 {name, path, version?, enabled?, config?}
//   GET    /api/plugins/{name}          one status
//   PUT    /api/plugins/{name}          {enabled?, config?, version?}
//   DELETE /api/plugins/{name}
//   GET    /api/plugins/{name}/logs     ?after=<id>&limit=<n>
// Reads are answered on the worker thread (the manager's reads are
// thread-safe); changes run on the manager's (main) thread and the answer
// comes back to the worker that owns the connection.
class PluginsApi {
public:
    PluginsApi(PluginManager *manager, QObject *workerContext)
        : manager_(manager), worker_(workerContext) {}
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    PluginManager *manager_;
    QObject *worker_;
};

}  // namespace gatehouse
