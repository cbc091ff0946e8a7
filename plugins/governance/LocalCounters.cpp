#include "LocalCounters.h"

#include <QDateTime>

namespace gatehouse::governance {

LocalCounters::Count &LocalCounters::current(const QString &counter, const CounterPeriod &period) {
    Count &c = counts_[counter];
    const CounterPeriod::Window w = period.windowAt(QDateTime::currentMSecsSinceEpoch());
    if (w.startMs != c.window.startMs || w.endMs != c.window.endMs) c = Count{w, 0};
    return c;
}

bool LocalCounters::take(const QString &counter, const CounterPeriod &period, qint64 limit,
                         qint64 amount, State *state) {
    QMutexLocker lock(&mutex_);
    Count &c = current(counter, period);
    const bool ok = c.used + qMax(amount, qint64(1)) <= limit;
    if (ok) c.used += amount;
    if (state) *state = State{c.window, c.used, false};
    return ok;
}

void LocalCounters::add(const QString &counter, const CounterPeriod &period, qint64 limit,
                        qint64 amount) {
    Q_UNUSED(limit);
    QMutexLocker lock(&mutex_);
    current(counter, period).used += amount;
}

SharedCounters::State LocalCounters::peek(const QString &counter, const CounterPeriod &period,
                                          qint64 limit) {
    Q_UNUSED(limit);
    QMutexLocker lock(&mutex_);
    const Count &c = current(counter, period);
    return State{c.window, c.used, false};
}

}  // namespace gatehouse::governance
