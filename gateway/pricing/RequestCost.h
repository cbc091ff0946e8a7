#pragma once

#include "Cost.h"
#include "PriceCatalog.h"

namespace gatehouse {

// A request priced: what it was priced as, and what it cost.
struct RequestCost {
    PriceLookup pricedAs;
    CostBreakdown cost;
};

// find() and costBreakdown() in one: the cost of a request to `model` at
// `catalogProviderId` (catalogProviderFor) made at `when`, or nullopt and
// why (an unknown model, inconsistent counts, ...). Never a guess.
std::optional<RequestCost> requestCost(const PriceCatalog &catalog,
                                       const QString &catalogProviderId, const QString &model,
                                       const TokenUsage &usage, const QDateTime &when,
                                       QString *why = nullptr);

}  // namespace gatehouse
