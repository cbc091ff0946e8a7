#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
struct GatewayState;

// /api/governance/virtual-keys: the governance plugin's virtual keys.
//   GET    /api/governance/virtual-keys        every key: id, name, limits,
//                                              budget, usage this window
//   POST   /api/governance/virtual-keys        {name, allowed_models?,
//          requests_per_minute?, tokens_per_minute?, budget?} -> 201 with
//          "key": the new key, shown this once; the config keeps its SHA-256
//   DELETE /api/governance/virtual-keys/{id}   revokes it at once
// A change is a new config for the plugin (PluginManager::setConfig, on the
// manager's thread), checked by the plugin and kept in the store like any
// plugin edit. Usage is read from the plugin's shared counters.
class VirtualKeysApi {
public:
    VirtualKeysApi(GatewayState *state, QObject *workerContext)
        : state_(state), worker_(workerContext) {}
    static bool handles(const QByteArray &path);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    GatewayState *state_;
    QObject *worker_;
};

}  // namespace gatehouse
