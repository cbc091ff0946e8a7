// Gateway's price overrides and lookups, for the panel: the answers of
// /api/pricing, read the same way.
#include "Gateway.h"

#include "api/PricingApi.h"
#include "core/GatewayState.h"
#include "pricing/PriceQuery.h"

namespace gatehouse {

QJsonObject Gateway::priceOverrides() const {
    return state_ ? PricingApi::overridesJson(*state_) : QJsonObject();
}

QJsonObject Gateway::priceLookup(const QString &provider, const QString &model) const {
    if (!state_) return {};
    return priceQuery(state_->prices()->catalog(), *state_->config(), provider, model);
}

}  // namespace gatehouse
