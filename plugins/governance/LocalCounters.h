// Counters in this process's memory, for a Gatehouse that offers no
// SharedCounters service: the same calendar windows, without persistence.
#pragma once

#include <gatehouse/host_services.h>

#include <QHash>
#include <QMutex>

namespace gatehouse::governance {

class LocalCounters final : public SharedCounters {
public:
    bool take(const QString &counter, const CounterPeriod &period, qint64 limit, qint64 amount,
              State *state) override;
    void add(const QString &counter, const CounterPeriod &period, qint64 limit,
             qint64 amount) override;
    State peek(const QString &counter, const CounterPeriod &period, qint64 limit) override;

private:
    struct Count {
        CounterPeriod::Window window;
        qint64 used = 0;
    };
    Count &current(const QString &counter, const CounterPeriod &period);

    QMutex mutex_;
    QHash<QString, Count> counts_;
};

}  // namespace gatehouse::governance
