#pragma once

#include "api/ConfigApi.h"
#include "api/LogsApi.h"
#include "api/McpApi.h"
#include "api/McpEndpoint.h"
#include "api/PauseApi.h"
#include "api/PluginsApi.h"
#include "api/PricingApi.h"
#include "api/SessionsApi.h"
#include "api/VirtualKeysApi.h"

#include <QByteArray>
#include <memory>

namespace gatehouse {

class HttpExchange;
class WorkerContext;

// Maps method + path to the endpoint that answers it, on one worker thread.
// Unknown paths get 404, known paths with another method 405 (with Allow),
// both in OpenAI's error shape.
class RequestRouter {
public:
    explicit RequestRouter(WorkerContext *worker);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    void routeOther(const std::shared_ptr<HttpExchange> &exchange, const QByteArray &path,
                    const char *allowed);
    void health(const std::shared_ptr<HttpExchange> &exchange);
    void models(const std::shared_ptr<HttpExchange> &exchange);
    QByteArray logMetricsText() const;
    WorkerContext *worker_;
    PluginsApi pluginsApi_;
    LogsApi logsApi_;
    SessionsApi sessionsApi_;
    ConfigApi configApi_;
    VirtualKeysApi virtualKeysApi_;
    PricingApi pricingApi_;
    McpApi mcpApi_;
    McpEndpoint mcpEndpoint_;
    PauseApi pauseApi_;
};

}  // namespace gatehouse
