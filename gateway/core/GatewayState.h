#pragma once

#include "ProviderLimiter.h"
#include "codecs/responses/ResponseMemory.h"
#include "config/GatewayConfig.h"
#include "config/SharedSnapshot.h"
#include "metrics/Metrics.h"
#include "pricing/PriceBook.h"
#include "security/RequestGuard.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <atomic>
#include <memory>

namespace gatehouse {

// What all workers of one running gateway share: the configuration (an
// immutable snapshot, replaced whole when providers or settings change),
// the metrics and the per-provider limiters. Everything here is safe to use
// from any thread.
class ConfigReconciler;
class ConfigStore;
class GatewayHostServices;
class HookThreads;
class LeaseStore;
class PluginManager;
class LogStore;
class McpHost;
class ModelCatalog;
class ResponseStore;

struct GatewayState {
    using Limiters = QHash<QString, std::shared_ptr<ProviderLimiter>>;

    explicit GatewayState(std::shared_ptr<const GatewayConfig> cfg)
        // Until the Gateway sets the real one: the loopback rules and no
        // valid token, so nothing is open that should not be.
        : guard(std::make_shared<const RequestGuard>(cfg->client, false, nullptr, QString(),
                                                     LocalTrust::forThisProcess(cfg->client))) {
        setConfig(std::move(cfg));
    }

    // The config now. A request takes it once, at its start, and keeps it:
    // a change made meanwhile applies to the next request.
    std::shared_ptr<const GatewayConfig> config() const { return config_.load(); }
    // Publishes a new config (main thread). A provider keeps its limiter
    // (with the new limits), so calls in flight release the slot they took.
    void setConfig(std::shared_ptr<const GatewayConfig> cfg) {
        const auto old = limiters_.load();
        auto limiters = std::make_shared<Limiters>(old ? *old : Limiters());
        for (const auto &p : cfg->providers) {
            auto &limiter = (*limiters)[p.name];
            if (limiter)
                limiter->setLimits(p.concurrency.concurrency, p.concurrency.bufferSize);
            else
                limiter = std::make_shared<ProviderLimiter>(p.concurrency.concurrency,
                                                            p.concurrency.bufferSize);
        }
        limiters_.store(std::shared_ptr<const Limiters>(std::move(limiters)));
        // The overrides were checked when the config was loaded.
        const auto old_prices = prices_.load();
        if (!old_prices || pricing_ != cfg->pricing) {
            QString why;
            auto catalog = PriceCatalog::builtIn().withOverrides(cfg->pricing, &why);
            pricing_ = cfg->pricing;
            prices_.store(
                std::make_shared<const PriceBook>(catalog ? *catalog : PriceCatalog::builtIn()));
        }
        config_.store(std::move(cfg));
    }
    // What answers cost: the built-in catalogue with the config's "pricing".
    std::shared_ptr<const PriceBook> prices() const { return prices_.load(); }
    // Null for a provider that was never configured.
    std::shared_ptr<ProviderLimiter> limiter(const QString &provider) const {
        return limiters_.load()->value(provider);
    }

    // Host, Origin and API token checks (set by the Gateway before the first request).
    std::shared_ptr<const RequestGuard> guard;
    Metrics metrics;
    QDateTime startedAt = QDateTime::currentDateTimeUtc();
    // Owned by the Gateway (main thread); its chain() is safe from workers.
    PluginManager *plugins = nullptr;
    // Where plugin hooks that may block run (plugin_hook_threads); null
    // (no Gateway): every hook runs on its request's worker thread.
    std::shared_ptr<HookThreads> hookThreads;
    // The request log; null when logging is off. Safe from any thread.
    std::shared_ptr<LogStore> logs;
    // Stored Responses-API responses: the recent ones in memory, every one
    // in the store (null when they are kept in memory only). Any thread.
    std::shared_ptr<responses::ResponseMemory> responses =
        std::make_shared<responses::ResponseMemory>();
    std::shared_ptr<ResponseStore> responseStore;
    // Providers, plugins, settings as stored (main thread object; its
    // content(), effective() and change() are safe from workers).
    ConfigStore *configStore = nullptr;
    // Where plugin edits go (main thread): committed to configStore, then
    // applied to the plugin host. Null without a Gateway.
    ConfigReconciler *reconciler = nullptr;
    // Where plugins' shared counters are kept (null without a store).
    std::shared_ptr<LeaseStore> leases;
    // The services of the newest instance of each plugin entry, for the
    // panel and /api/governance (which read the governance plugin's
    // counters through the instance that counts them). Any thread.
    void addHostServices(const QString &entry, const std::shared_ptr<GatewayHostServices> &s) {
        QMutexLocker lock(&servicesMutex_);
        services_.insert(entry, s);
    }
    std::shared_ptr<GatewayHostServices> hostServices(const QString &entry) const {
        QMutexLocker lock(&servicesMutex_);
        return services_.value(entry).lock();
    }
    // The MCP servers and their tools (owned by the Gateway; thread-safe).
    McpHost *mcp = nullptr;
    // Every provider's model list, kept fresh in the background (owned by
    // the Gateway; thread-safe). Null: the configured models only.
    ModelCatalog *models = nullptr;

    // Set when the gateway starts to stop: endless answers (live log tails)
    // end so the graceful stop does not wait for them.
    std::atomic<bool> stopping{false};
    // The panel's (or /api/pause's) "pause agents" switch: while set, new
    // inference requests are answered 429 at once (core/InferencePause.h);
    // requests already running finish.
    std::atomic<bool> inferencePaused{false};

private:
    SharedSnapshot<const GatewayConfig> config_;
    // Only grows: a removed provider's limiter stays for the calls still out.
    SharedSnapshot<const Limiters> limiters_;
    SharedSnapshot<const PriceBook> prices_;
    QJsonArray pricing_;  // what prices_ was built with (main thread)
    mutable QMutex servicesMutex_;
    QHash<QString, std::weak_ptr<GatewayHostServices>> services_;
};

}  // namespace gatehouse
