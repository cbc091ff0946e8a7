// Gatehouse plugin SDK: services the gateway offers plugins beyond
// PluginHost, each a versioned interface asked for by its id.
//
//   auto *counters = gatehouse::hostService<gatehouse::SharedCounters>(this);
//   if (!counters) ...  // an older Gatehouse: count in memory instead
//
// ABI: nothing in plugin.h changes. The gateway hands a plugin its services
// through a property of the plugin's root QObject, set before init(); a
// Gatehouse that has none leaves it unset and hostService() answers null,
// and a plugin that never asks is unaffected. A service's id carries its
// version ("/1"): a changed interface gets a new id, and a gateway keeps
// offering the old ones. Services live until the plugin's cleanup() returns
// and may be called from any thread.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariant>
#include <limits>
#include <optional>

namespace gatehouse {

// The property of a plugin's root object that holds its HostServices*.
#define GATEHOUSE_HOST_SERVICES_PROPERTY "gatehouse.hostServices"

class HostServices {
public:
    virtual ~HostServices() = default;
    // The service with this id, or null when this Gatehouse has none.
    virtual void *service(const char *id) = 0;
};

// The `Service` (a class with a static `kId`) the gateway offers the plugin
// whose root object is `plugin`, or null.
template <class Service>
Service *hostService(const QObject *plugin) {
    auto *host = static_cast<HostServices *>(
        plugin->property(GATEHOUSE_HOST_SERVICES_PROPERTY).value<void *>());
    return host ? static_cast<Service *>(host->service(Service::kId)) : nullptr;
}

// A period counters start again after, anchored to the calendar in UTC, not
// to when something was loaded: "1 minute" windows start on the minute, "1
// day" at midnight, "1 week" on Monday, "1 month" on the 1st, and N units
// on multiples of N since 1970 (weeks: since Monday 1970-01-05). The same
// instant is in the same window on every gateway and after a restart.
struct CounterPeriod {
    enum class Unit { Forever, Second, Minute, Hour, Day, Week, Month, Year };
    Unit unit = Unit::Forever;
    qint64 count = 1;  // N units; at least 1

    struct Window {
        qint64 startMs = 0;
        qint64 endMs = 0;  // exclusive; INT64_MAX for Forever
    };

    // Bifrost's reset_duration: a whole number and a unit, "30s", "5m",
    // "1h", "1d", "1w", "1M" (months), "1Y"; nullopt if the text is not one.
    static std::optional<CounterPeriod> parse(const QString &text) {
        const qsizetype n = text.size();
        if (n < 2 || n > 7 || text.at(0) == QLatin1Char('0')) return std::nullopt;
        qint64 count = 0;
        for (qsizetype i = 0; i < n - 1; ++i) {
            const char c = text.at(i).toLatin1();
            if (c < '0' || c > '9') return std::nullopt;
            count = count * 10 + (c - '0');
        }
        static const char units[] = "smhdwMY";
        for (int i = 0; units[i]; ++i)
            if (text.at(n - 1) == QLatin1Char(units[i])) return CounterPeriod{Unit(i + 1), count};
        return std::nullopt;
    }

    Window windowAt(qint64 nowMs) const {
        const qint64 n = count < 1 ? 1 : count;
        auto fixed = [&](qint64 unitMs, qint64 originMs) {
            const qint64 size = unitMs * n;
            qint64 k = (nowMs - originMs) / size;
            if ((nowMs - originMs) % size < 0) --k;  // before the origin
            return Window{originMs + k * size, originMs + (k + 1) * size};
        };
        switch (unit) {
            case Unit::Forever:
                return {0, std::numeric_limits<qint64>::max()};
            case Unit::Second:
                return fixed(1000, 0);
            case Unit::Minute:
                return fixed(60'000, 0);
            case Unit::Hour:
                return fixed(3'600'000, 0);
            case Unit::Day:
                return fixed(86'400'000, 0);
            case Unit::Week:
                return fixed(7 * 86'400'000LL, 4 * 86'400'000LL);  // Monday 1970-01-05
            case Unit::Month:
            case Unit::Year: {
                const qint64 months = unit == Unit::Year ? 12 * n : n;
                const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).date();
                const qint64 index = (qint64(today.year()) - 1970) * 12 + today.month() - 1;
                qint64 k = index / months;
                if (index % months < 0) --k;
                auto startOf = [](qint64 monthIndex) {
                    qint64 year = 1970 + monthIndex / 12;
                    qint64 month = monthIndex % 12;
                    if (month < 0) {
                        month += 12;
                        --year;
                    }
                    return QDateTime(QDate(int(year), int(month) + 1, 1), QTime(0, 0), Qt::UTC)
                        .toMSecsSinceEpoch();
                };
                return {startOf(k * months), startOf((k + 1) * months)};
            }
        }
        return {0, std::numeric_limits<qint64>::max()};
    }
};

// Counters kept by the gateway in its store: they survive restarts, plugin
// reloads and config edits, and gateways that share a PostgreSQL store
// share them, together admitting a limit once, not once each. A counter is
// named by the plugin (names are per plugin) and counts per window of its
// period; an old window's count is never read again.
//
// How it stays off the request path: each gateway leases slices of a limit
// from the store in one atomic statement and counts locally from its slice,
// returning what it did not use when the plugin stops. take() goes to the
// store only when its slice is used up, so a limit of N costs a few dozen
// round trips per window, not N. Bounds: take() never admits past the
// limit, across any number of gateways; add() counts what was already
// spent, so a counter can end above its limit by what was in flight. What
// a gateway held when it crashed counts as used until the window ends.
class SharedCounters {
public:
    static constexpr const char *kId = "dev.gatehouse.SharedCounters/1";

    struct State {
        CounterPeriod::Window window;
        qint64 used = 0;          // in this window, as far as this gateway knows
        bool storeError = false;  // the store was unreachable; `used` is this gateway's own count
    };

    virtual ~SharedCounters() = default;

    // Counts `amount` against `limit` in the current window if the count
    // stays within it; `amount` 0 only asks whether anything is left. False:
    // nothing was counted. *state says where the counter stands (may be null).
    virtual bool take(const QString &counter, const CounterPeriod &period, qint64 limit,
                      qint64 amount, State *state) = 0;
    // Counts `amount` whatever the limit: what was learnt after the fact
    // (an answer's tokens or cost).
    virtual void add(const QString &counter, const CounterPeriod &period, qint64 limit,
                     qint64 amount) = 0;
    // Where the counter stands, without counting.
    virtual State peek(const QString &counter, const CounterPeriod &period, qint64 limit) = 0;
};

// The gateway's model prices (its catalogue and the config's "pricing"
// overrides), as the request log uses them.
class PricingService {
public:
    static constexpr const char *kId = "dev.gatehouse.Pricing/1";

    virtual ~PricingService() = default;
    // What an answer of `model` from the configured `provider` cost, in USD
    // billionths, from its `usage` (any provider's shape: prompt, cached,
    // cache-write, completion and reasoning tokens, each at its price);
    // nullopt with *why (a sentence) when the model has no price.
    virtual std::optional<qint64> costNanoUsd(const QString &provider, const QString &model,
                                              const QJsonObject &usage, QString *why) const = 0;
};

}  // namespace gatehouse
