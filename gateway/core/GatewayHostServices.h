#pragma once

#include "quota/CounterLeases.h"

#include <gatehouse/host_services.h>

#include <memory>

namespace gatehouse {

struct GatewayState;

// What one plugin instance gets from the SDK's hostService(): counters in
// the store (named under the plugin's name, leased by this instance and
// given back when it goes) and the gateway's model prices.
class GatewayHostServices final : public HostServices {
public:
    GatewayHostServices(std::shared_ptr<LeaseStore> leases, std::shared_ptr<GatewayState> state,
                        const QString &pluginName);

    void *service(const char *id) override;
    // The plugin's counters (null without a store).
    SharedCounters *counters() const { return counters_.get(); }

private:
    class Prices final : public PricingService {
    public:
        explicit Prices(std::shared_ptr<GatewayState> state) : state_(std::move(state)) {}
        std::optional<qint64> costNanoUsd(const QString &provider, const QString &model,
                                          const QJsonObject &usage, QString *why) const override;

    private:
        std::shared_ptr<GatewayState> state_;
    };

    std::unique_ptr<CounterLeases> counters_;  // null without a store
    Prices prices_;
};

}  // namespace gatehouse
