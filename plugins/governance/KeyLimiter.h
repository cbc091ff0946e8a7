// One virtual key's limits: its budget and its tokens and requests per
// minute, each a counter in calendar windows kept by the gateway's
// SharedCounters (in the store: they survive restarts, and gateways sharing
// a PostgreSQL store share them), or in memory on a Gatehouse without it.
#pragma once

#include "GovernanceConfig.h"

#include <gatehouse/host_services.h>
#include <gatehouse/plugin.h>

#include <QMutex>
#include <QSet>
#include <optional>

namespace gatehouse::governance {

class KeyLimiter {
public:
    // `pricing` may be null (an older Gatehouse): then a USD budget without
    // price_per_1k_tokens counts nothing, and says so in the plugin's log.
    KeyLimiter(const VirtualKey &key, SharedCounters &counters, const PricingService *pricing);

    // Checks the budget, then tokens/minute, then requests/minute (the
    // longest wait first: once the budget is spent, waiting a minute does
    // not help) and, if all allow it, counts the request: with a limit of N,
    // N requests of any number of concurrent ones get through, on any number
    // of gateways sharing the store. Otherwise a 429 saying which limit, the
    // usage and when it frees up.
    std::optional<PluginError> admit(qint64 nowMs);

    // A finished answer: its tokens against tokens/minute and a token
    // budget, its cost against a USD budget.
    void record(const QString &provider, const QString &model, const QJsonObject &usage);

private:
    std::optional<PluginError> overBudget(qint64 nowMs);
    qint64 costNanoUsd(const QString &provider, const QString &model, const QJsonObject &usage,
                       qint64 tokens);

    const VirtualKey key_;
    SharedCounters &counters_;
    const PricingService *pricing_;
    // Counter names: a hash of the key, never the key (they are stored).
    const QString requests_, tokens_, budgetTokens_, budgetUsd_;
    const CounterPeriod minute_{CounterPeriod::Unit::Minute, 1};
    QMutex warnedMutex_;
    QSet<QString> warnedUnpriced_;  // "provider/model"
};

// usage.total_tokens, else its parts (some providers leave the total out).
qint64 tokensOf(const QJsonObject &usage);

}  // namespace gatehouse::governance
