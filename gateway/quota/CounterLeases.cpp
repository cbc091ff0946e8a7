#include "CounterLeases.h"

#include <QDateTime>
#include <QtDebug>

namespace gatehouse {

namespace {

constexpr qint64 kSliceDivisor = 16;
// How long a reached limit is taken as reached before the store is asked
// again (other gateways may give back what they did not use).
constexpr qint64 kRecheckMs = 1000;

qint64 sliceFor(qint64 limit, qint64 claimed, qint64 need) {
    const qint64 left = limit - claimed;
    const qint64 share = left > 0 ? (left + kSliceDivisor - 1) / kSliceDivisor : 0;
    return qMax(qMax(share, need), qint64(1));
}

}  // namespace

CounterLeases::CounterLeases(std::shared_ptr<LeaseStore> store, QString prefix, Clock clock)
    : store_(std::move(store)), prefix_(std::move(prefix)), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

// What this instance leased and did not use is the other gateways' (and
// the next instance's) to use: given back, in the window it was leased in
// if that has not ended.
CounterLeases::~CounterLeases() {
    const qint64 now = clock_();
    for (auto it = counters_.cbegin(); it != counters_.cend(); ++it) {
        const Counter &c = **it;
        if (now >= c.window.endMs) continue;
        const qint64 back = c.unsynced - c.allowance;
        store_->adjust(prefix_ + it.key(), c.window.startMs, c.window.endMs, back);
    }
}

CounterLeases::Counter &CounterLeases::counter(const QString &name) {
    QMutexLocker lock(&mapMutex_);
    auto &slot = counters_[name];
    if (!slot) slot = std::make_shared<Counter>();
    return *slot;
}

void CounterLeases::roll(Counter &c, const QString &key, const CounterPeriod &period, qint64 now) {
    const CounterPeriod::Window w = period.windowAt(now);
    if (w.startMs == c.window.startMs && w.endMs == c.window.endMs) return;
    // What the ended window owes the store (counted while it was away).
    if (c.unsynced != 0)
        store_->adjust(prefix_ + key, c.window.startMs, c.window.endMs, c.unsynced);
    c.window = w;
    c.allowance = 0;
    c.claimed = 0;
    c.seen = false;
    c.unsynced = 0;
    c.storeError = false;
    c.recheckAtMs = 0;
}

bool CounterLeases::lease(Counter &c, const QString &key, qint64 limit, qint64 want) {
    QString error;
    const auto got =
        store_->claim(prefix_ + key, c.window.startMs, c.window.endMs, limit, want, &error);
    if (!got) {
        if (!c.storeError)
            qWarning().noquote() << QStringLiteral(
                                        "gatehouse: counter %1 counts on its own until the "
                                        "store is back: %2")
                                        .arg(prefix_ + key, error);
        c.storeError = true;
        return false;
    }
    c.storeError = false;
    c.allowance += got->granted;
    c.claimed = got->claimed;
    c.seen = true;
    // What was counted while the store was away: paid from the new lease,
    // and what it does not cover claimed past the limit (it was admitted).
    if (c.unsynced > 0) {
        const qint64 covered = qMin(c.allowance, c.unsynced);
        c.allowance -= covered;
        const qint64 beyond = c.unsynced - covered;
        if (beyond > 0) store_->adjust(prefix_ + key, c.window.startMs, c.window.endMs, beyond);
        c.claimed += beyond;
        c.unsynced = 0;
    }
    return true;
}

bool CounterLeases::take(const QString &name, const CounterPeriod &period, qint64 limit,
                         qint64 amount, State *state) {
    Counter &c = counter(name);
    QMutexLocker lock(&c.mutex);
    const qint64 now = clock_();
    roll(c, name, period, now);
    const qint64 need = qMax(amount, qint64(1));  // 0 asks whether one unit is left
    // A limit found reached is not asked about again for a while: a flood
    // of refused requests must not become a flood of store round trips.
    if (c.allowance < need && now < c.recheckAtMs) {
        if (state) *state = stateOf(c);
        return false;
    }
    if (c.allowance < need) {
        const qint64 want = sliceFor(limit, c.claimed, need - c.allowance);
        const bool answered = lease(c, name, limit, want);
        if (answered && c.allowance < need) c.recheckAtMs = now + kRecheckMs;
        if (!answered) {
            // The store is away: count on this gateway's own knowledge, so
            // requests go on; what is counted is claimed once it is back.
            const qint64 left = limit - c.claimed - c.unsynced;
            if (left >= need) {
                c.unsynced += amount;
                if (state) *state = stateOf(c);
                return true;
            }
            if (state) *state = stateOf(c);
            return false;
        }
    }
    const bool ok = c.allowance >= need;
    if (ok) c.allowance -= amount;
    if (state) *state = stateOf(c);
    return ok;
}

void CounterLeases::add(const QString &name, const CounterPeriod &period, qint64 limit,
                        qint64 amount) {
    Q_UNUSED(limit);
    if (amount <= 0) return;
    Counter &c = counter(name);
    QMutexLocker lock(&c.mutex);
    roll(c, name, period, clock_());
    const qint64 fromAllowance = qMin(amount, qMax(c.allowance, qint64(0)));
    c.allowance -= fromAllowance;
    const qint64 beyond = amount - fromAllowance;
    if (beyond <= 0) return;
    // Spent past what was leased: claimed as it is, past the limit if so.
    if (c.storeError) {
        c.unsynced += beyond;
        return;
    }
    store_->adjust(prefix_ + name, c.window.startMs, c.window.endMs, beyond);
    c.claimed += beyond;
}

SharedCounters::State CounterLeases::peek(const QString &name, const CounterPeriod &period,
                                          qint64 limit) {
    Counter &c = counter(name);
    QMutexLocker lock(&c.mutex);
    roll(c, name, period, clock_());
    if (!c.seen) lease(c, name, limit, 0);  // reads the window's total
    return stateOf(c);
}

SharedCounters::State CounterLeases::stateOf(const Counter &c) const {
    State s;
    s.window = c.window;
    s.used = c.claimed + c.unsynced - c.allowance;
    s.storeError = c.storeError;
    return s;
}

}  // namespace gatehouse
