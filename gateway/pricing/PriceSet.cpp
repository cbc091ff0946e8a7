#include "PriceSet.h"

namespace gatehouse {

const QString PriceSet::kInput = QStringLiteral("input_mtok");
const QString PriceSet::kCacheRead = QStringLiteral("cache_read_mtok");
const QString PriceSet::kCacheWrite = QStringLiteral("cache_write_mtok");
const QString PriceSet::kOutput = QStringLiteral("output_mtok");
const QString PriceSet::kOutputReasoning = QStringLiteral("output_reasoning_mtok");
const QString PriceSet::kRequests = QStringLiteral("requests_kcount");

namespace {
using Field = std::optional<Price> PriceSet::*;

struct Named {
    const QString *key;
    Field field;
};

const Named kFields[] = {
    {&PriceSet::kInput, &PriceSet::input},
    {&PriceSet::kCacheRead, &PriceSet::cacheRead},
    {&PriceSet::kCacheWrite, &PriceSet::cacheWrite},
    {&PriceSet::kOutput, &PriceSet::output},
    {&PriceSet::kOutputReasoning, &PriceSet::outputReasoning},
    {&PriceSet::kRequests, &PriceSet::requests},
};

Field fieldFor(const QString &key) {
    for (const Named &named : kFields)
        if (*named.key == key) return named.field;
    return nullptr;
}
}  // namespace

std::optional<PriceSet> PriceSet::fromJson(const QJsonObject &object, const JsonPath &path,
                                           QString *error) {
    PriceSet set;
    for (auto it = object.begin(); it != object.end(); ++it) {
        auto price = Price::fromJson(it.value(), path.key(it.key()), error);
        if (!price) return std::nullopt;
        if (const Field field = fieldFor(it.key()))
            set.*field = *price;
        else
            set.other.insert(it.key(), *price);
    }
    return set;
}

QJsonObject PriceSet::toJson() const {
    QJsonObject out;
    for (const Named &named : kFields)
        if (const auto &price = this->*named.field) out.insert(*named.key, price->toJson());
    for (auto it = other.begin(); it != other.end(); ++it) out.insert(it.key(), it->toJson());
    return out;
}

bool PriceSet::hasCountedPrice() const {
    for (const Named &named : kFields)
        if ((this->*named.field).has_value()) return true;
    return false;
}

QString PriceSet::inconsistency() const {
    // genai-prices refuses these too ("Missing ancestor price key").
    if ((cacheRead || cacheWrite) && !input)
        return (cacheRead ? kCacheRead : kCacheWrite) + QLatin1String(" without ") + kInput;
    if (outputReasoning && !output) return kOutputReasoning + QLatin1String(" without ") + kOutput;
    return {};
}

}  // namespace gatehouse
