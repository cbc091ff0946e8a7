#include "Price.h"

#include "PricingJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

namespace gatehouse {

Price::Price(double base, QList<PriceTier> tiers) : base_(base), tiers_(std::move(tiers)) {
    std::stable_sort(tiers_.begin(), tiers_.end(),
                     [](const PriceTier &a, const PriceTier &b) { return a.start < b.start; });
}

std::optional<Price> Price::fromJson(const QJsonValue &value, const JsonPath &path,
                                     QString *error) {
    using PricingJson::describe;
    if (PricingJson::isNonNegativeNumber(value)) return Price(value.toDouble());
    if (!value.isObject()) {
        PricingJson::fail(error, path,
                          QStringLiteral("expected a price (a number >= 0, or {\"base\", "
                                         "\"tiers\"}), got ") +
                              describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key() != QLatin1String("base") && it.key() != QLatin1String("tiers")) {
            PricingJson::fail(error, path.key(it.key()),
                              QStringLiteral("unknown key in tiered prices (expected base and "
                                             "tiers)"));
            return std::nullopt;
        }
    const QJsonValue base = object.value(QLatin1String("base"));
    if (!PricingJson::isNonNegativeNumber(base)) {
        PricingJson::fail(error, path.key(QStringLiteral("base")),
                          QStringLiteral("expected a number >= 0, got ") + describe(base));
        return std::nullopt;
    }
    const QJsonValue tiersValue = object.value(QLatin1String("tiers"));
    if (!tiersValue.isArray()) {
        PricingJson::fail(error, path.key(QStringLiteral("tiers")),
                          QStringLiteral("expected an array of {\"start\", \"price\"}, got ") +
                              describe(tiersValue));
        return std::nullopt;
    }
    QList<PriceTier> tiers;
    const QJsonArray items = tiersValue.toArray();
    for (int i = 0; i < items.size(); ++i) {
        const JsonPath at = path.key(QStringLiteral("tiers")).index(i);
        if (!items.at(i).isObject()) {
            PricingJson::fail(
                error, at,
                QStringLiteral("expected {\"start\", \"price\"}, got ") + describe(items.at(i)));
            return std::nullopt;
        }
        const QJsonObject tier = items.at(i).toObject();
        const QJsonValue start = tier.value(QLatin1String("start"));
        const QJsonValue price = tier.value(QLatin1String("price"));
        if (!PricingJson::isCount(start)) {
            PricingJson::fail(
                error, at.key(QStringLiteral("start")),
                QStringLiteral("expected a whole number of tokens >= 0, got ") + describe(start));
            return std::nullopt;
        }
        if (!PricingJson::isNonNegativeNumber(price)) {
            PricingJson::fail(error, at.key(QStringLiteral("price")),
                              QStringLiteral("expected a number >= 0, got ") + describe(price));
            return std::nullopt;
        }
        tiers.append({qint64(start.toDouble()), price.toDouble()});
    }
    return Price(base.toDouble(), std::move(tiers));
}

double Price::rateFor(qint64 promptTokens) const {
    double rate = base_;
    for (const PriceTier &tier : tiers_)
        if (promptTokens > tier.start) rate = tier.price;
    return rate;
}

QJsonValue Price::toJson() const {
    if (tiers_.isEmpty()) return base_;
    QJsonArray tiers;
    for (const PriceTier &tier : tiers_)
        tiers.append(QJsonObject{{QStringLiteral("start"), double(tier.start)},
                                 {QStringLiteral("price"), tier.price}});
    return QJsonObject{{QStringLiteral("base"), base_}, {QStringLiteral("tiers"), tiers}};
}

}  // namespace gatehouse
