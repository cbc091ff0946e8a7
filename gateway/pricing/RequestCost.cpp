#include "RequestCost.h"

namespace gatehouse {

std::optional<RequestCost> requestCost(const PriceCatalog &catalog,
                                       const QString &catalogProviderId, const QString &model,
                                       const TokenUsage &usage, const QDateTime &when,
                                       QString *why) {
    auto found = catalog.find(catalogProviderId, model, why);
    if (!found) return std::nullopt;
    auto cost = costBreakdown(found->model.prices, usage, when, why);
    if (!cost) return std::nullopt;
    return RequestCost{std::move(*found), *cost};
}

}  // namespace gatehouse
