#pragma once

#include "config/JsonPath.h"

#include <QJsonValue>
#include <QList>
#include <optional>

namespace gatehouse {

// Above `start` prompt tokens, a request pays `price` instead of the base.
struct PriceTier {
    qint64 start = 0;
    double price = 0;
};

// One price of a model, in USD per unit of its key (per million tokens for
// the *_mtok keys, per thousand requests for requests_kcount): a number, or
// tiered as {"base": b, "tiers": [{"start": n, "price": p}, ...]}.
//
// Tiers follow genai-prices and the providers' own rules (Gemini 2.5 Pro,
// Claude's long context): the threshold is the request's *total* prompt
// tokens (cached and cache-written included), it must be exceeded (200000
// tokens is still the base price when a tier starts at 200000), and the rate
// it selects applies to the whole request, not only to the tokens above the
// threshold. It selects every tiered price of the request alike, output
// included.
class Price {
public:
    Price() = default;
    explicit Price(double flat) : base_(flat) {}
    Price(double base, QList<PriceTier> tiers);

    static std::optional<Price> fromJson(const QJsonValue &value, const JsonPath &path,
                                         QString *error);

    // The rate for a request with `promptTokens` prompt tokens in all.
    double rateFor(qint64 promptTokens) const;

    double base() const { return base_; }
    const QList<PriceTier> &tiers() const { return tiers_; }  // by start, ascending
    bool isTiered() const { return !tiers_.isEmpty(); }
    QJsonValue toJson() const;

private:
    double base_ = 0;
    QList<PriceTier> tiers_;
};

}  // namespace gatehouse
