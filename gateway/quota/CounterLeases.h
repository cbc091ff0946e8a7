#pragma once

#include "LeaseStore.h"

#include <gatehouse/host_services.h>

#include <QHash>
#include <QMutex>
#include <functional>
#include <memory>

namespace gatehouse {

// The SDK's SharedCounters for one plugin instance: counts locally from
// slices of each limit leased from a LeaseStore, so the store is asked
// once per slice, not once per request (the SDK header says what that
// bounds). A slice is a sixteenth of what the window has left, at least
// what is asked: large while much is left, one unit at a time near the
// limit, so what other gateways hold unused when a limit is reached stays
// small. The unused rest of each slice goes back to the store when the
// instance is destroyed (plugin cleanup, reload, shutdown). Any thread;
// each counter has its own lock.
class CounterLeases final : public SharedCounters {
public:
    using Clock = std::function<qint64()>;  // ms since the epoch
    // `prefix` namespaces the plugin's counters ("governance/").
    CounterLeases(std::shared_ptr<LeaseStore> store, QString prefix, Clock clock = {});
    ~CounterLeases() override;

    bool take(const QString &counter, const CounterPeriod &period, qint64 limit, qint64 amount,
              State *state) override;
    void add(const QString &counter, const CounterPeriod &period, qint64 limit,
             qint64 amount) override;
    State peek(const QString &counter, const CounterPeriod &period, qint64 limit) override;

private:
    struct Counter {
        QMutex mutex;
        CounterPeriod::Window window;  // what the fields below are about
        qint64 allowance = 0;          // leased and not yet used
        qint64 claimed = 0;            // the window's total claims, as last seen
        bool seen = false;             // claimed was read in this window
        qint64 unsynced = 0;           // counted while the store was unreachable
        bool storeError = false;
        qint64 recheckAtMs = 0;  // the limit was reached: refuse locally until then
    };
    Counter &counter(const QString &name);
    // Moves `c` to the window of `now`: a new window starts with nothing leased.
    void roll(Counter &c, const QString &key, const CounterPeriod &period, qint64 now);
    // Asks the store for up to `want` more; false when it cannot be reached.
    bool lease(Counter &c, const QString &key, qint64 limit, qint64 want);
    State stateOf(const Counter &c) const;

    std::shared_ptr<LeaseStore> store_;
    const QString prefix_;
    Clock clock_;
    QMutex mapMutex_;
    QHash<QString, std::shared_ptr<Counter>> counters_;
};

}  // namespace gatehouse
