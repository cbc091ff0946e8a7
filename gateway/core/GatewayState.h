#pragma once

#include "ProviderLimiter.h"
#include "config/GatewayConfig.h"
#include "metrics/Metrics.h"
#include "security/RequestGuard.h"

#include <QDateTime>
#include <QHash>
#include <memory>

namespace gatehouse {

// What all workers of one running gateway share: the configuration (an
// immutable snapshot), the metrics and the per-provider limiters. Everything
// here is safe to use from any thread.
class PluginManager;
class LogStore;

struct GatewayState {
    explicit GatewayState(std::shared_ptr<const GatewayConfig> cfg)
        : config(std::move(cfg)),
          // Until the Gateway sets the real one: the loopback rules and no
          // valid token, so nothing is open that should not be.
          guard(std::make_shared<const RequestGuard>(config->client, false, nullptr, QString())) {
        for (const auto &p : config->providers)
            limiters.insert(p.name, std::make_shared<ProviderLimiter>(p.concurrency.concurrency,
                                                                      p.concurrency.bufferSize));
    }

    std::shared_ptr<const GatewayConfig> config;
    // Host, Origin and API token checks (set by the Gateway before the first request).
    std::shared_ptr<const RequestGuard> guard;
    Metrics metrics;
    QHash<QString, std::shared_ptr<ProviderLimiter>> limiters;  // fixed after construction
    QDateTime startedAt = QDateTime::currentDateTimeUtc();
    // Owned by the Gateway (main thread); its chain() is safe from workers.
    PluginManager *plugins = nullptr;
    // The request log; null when logging is off. Safe from any thread.
    std::shared_ptr<LogStore> logs;
};

}  // namespace gatehouse
