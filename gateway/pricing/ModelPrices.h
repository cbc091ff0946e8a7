#pragma once

#include "PriceSet.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>

namespace gatehouse {

// When a set of prices is in force (genai-prices' price constraints).
struct PriceCondition {
    enum class Kind {
        Always,
        FromDate,   // from `from` (UTC midnight of a date) on
        TimeOfDay,  // daily between two UTC times of day, [start, end), may wrap midnight
    };
    Kind kind = Kind::Always;
    QDateTime from;
    double startSecond = 0;  // seconds after UTC midnight
    double endSecond = 0;

    bool holdsAt(const QDateTime &when) const;
};

// A model's prices over time: one set, or several under conditions (a price
// cut on a date, DeepSeek's off-peak hours).
class ModelPrices {
public:
    struct Entry {
        PriceCondition condition;
        PriceSet prices;
    };

    ModelPrices() = default;
    explicit ModelPrices(PriceSet always) {
        entries_.append({PriceCondition{}, std::move(always)});
    }

    // A price object, or an array of {"constraint"?: ..., "prices": {...}}
    // with constraints {"type": "start_date", "start_date": "YYYY-MM-DD"} or
    // {"type": "time_of_date", "start_time": "HH:MM:SSZ", "end_time": ...}.
    static std::optional<ModelPrices> fromJson(const QJsonValue &value, const JsonPath &path,
                                               QString *error);

    // The set in force at `when`, by the package's rule: the last entry whose
    // condition holds wins (entries are listed oldest first, and time-of-day
    // windows after the dates they refine); if none holds, the first. Empty
    // only for a default-constructed ModelPrices.
    const PriceSet &at(const QDateTime &when) const;

    const QList<Entry> &entries() const { return entries_; }
    bool isEmpty() const { return entries_.isEmpty(); }

private:
    QList<Entry> entries_;
};

}  // namespace gatehouse
