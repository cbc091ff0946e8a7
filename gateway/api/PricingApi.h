#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
struct GatewayState;

// /api/pricing: the price overrides (config.json's "pricing", kept in the
// config store) and what a model is priced with.
//   GET    /api/pricing          {"pricing": [...], "source", "catalogue": {...}}
//   GET    /api/pricing/lookup?provider=openai&model=gpt-4o
//                                the price a request gets and the catalogue's
//                                (pricing/PriceQuery.h)
//   PUT    /api/pricing          {"pricing": [...]} (or the bare array):
//                                replaces the overrides
//   POST   /api/pricing          one override, added last -> 201
//   DELETE /api/pricing/{index}  removes one
// Writes are checked as config.json's "pricing" is (400 naming the path,
// nothing changed), need the API token (prices decide what the governance
// plugin's budgets charge), apply to new requests at once and reach the
// gateways sharing the store.
class PricingApi {
public:
    PricingApi(GatewayState *state, QObject *workerContext)
        : state_(state), worker_(workerContext) {}
    static bool handles(const QByteArray &path);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

    // GET /api/pricing's answer.
    static QJsonObject overridesJson(const GatewayState &state);

private:
    void lookup(const std::shared_ptr<HttpExchange> &exchange);
    void write(const std::shared_ptr<HttpExchange> &exchange, const QString &index);

    GatewayState *state_;
    QObject *worker_;
};

}  // namespace gatehouse
