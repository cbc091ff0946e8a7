// Durations as config writes them and as messages say them.
#pragma once

#include <gatehouse/host_services.h>

#include <QString>
#include <optional>

namespace gatehouse::governance {

// Bifrost's reset_duration form: a whole number and a unit, "30s", "5m",
// "1h", "1d", "1w", "1M" (months), "1Y"; nullopt if the text is not one.
// The periods are calendar windows (CounterPeriod), not counted from load.
std::optional<CounterPeriod> parsePeriod(const QString &text);
// "per minute", "per 30 days", "per month": for messages.
QString describePeriod(const CounterPeriod &period);

// "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h": the two largest units,
// rounded up to whole seconds (never "0 s" for time still to wait).
QString describeDuration(qint64 ms);

}  // namespace gatehouse::governance
