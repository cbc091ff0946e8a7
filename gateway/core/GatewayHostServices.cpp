#include "GatewayHostServices.h"

#include "GatewayState.h"
#include "trace/CostNote.h"
#include "trace/TokenCounts.h"

#include <cstring>

namespace gatehouse {

GatewayHostServices::GatewayHostServices(std::shared_ptr<LeaseStore> leases,
                                         std::shared_ptr<GatewayState> state,
                                         const QString &pluginName)
    : prices_(std::move(state)) {
    if (leases)
        counters_ =
            std::make_unique<CounterLeases>(std::move(leases), pluginName + QLatin1Char('/'));
}

void *GatewayHostServices::service(const char *id) {
    if (!id) return nullptr;
    if (counters_ && std::strcmp(id, SharedCounters::kId) == 0)
        return static_cast<SharedCounters *>(counters_.get());
    if (std::strcmp(id, PricingService::kId) == 0) return static_cast<PricingService *>(&prices_);
    return nullptr;
}

std::optional<qint64> GatewayHostServices::Prices::costNanoUsd(const QString &provider,
                                                               const QString &model,
                                                               const QJsonObject &usage,
                                                               QString *why) const {
    QString note;
    std::optional<qint64> nano;
    const auto config = state_->config();
    if (const ProviderConfig *p = config->provider(provider))
        nano = state_->prices()->nanoUsd(*p, model, tokenCountsOf(usage), &note);
    else
        note = CostNote::providerGone();
    if (!nano && why) *why = CostNote::explain(note, model);
    return nano;
}

}  // namespace gatehouse
