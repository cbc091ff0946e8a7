#include "Durations.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace gatehouse::governance {

namespace {

struct UnitName {
    CounterPeriod::Unit unit;
    const char *one;
    const char *many;
};

const UnitName kUnits[] = {
    {CounterPeriod::Unit::Second, "second", "seconds"},
    {CounterPeriod::Unit::Minute, "minute", "minutes"},
    {CounterPeriod::Unit::Hour, "hour", "hours"},
    {CounterPeriod::Unit::Day, "day", "days"},
    {CounterPeriod::Unit::Week, "week", "weeks"},
    {CounterPeriod::Unit::Month, "month", "months"},
    {CounterPeriod::Unit::Year, "year", "years"},
};

}  // namespace

std::optional<CounterPeriod> parsePeriod(const QString &text) {
    return CounterPeriod::parse(text);
}

QString describePeriod(const CounterPeriod &period) {
    for (const UnitName &u : kUnits)
        if (u.unit == period.unit)
            return period.count == 1
                       ? QStringLiteral("per %1").arg(QLatin1String(u.one))
                       : QStringLiteral("per %1 %2").arg(period.count).arg(QLatin1String(u.many));
    return QStringLiteral("in total");
}

QString describeDuration(qint64 ms) {
    const qint64 seconds = qMax<qint64>(1, (ms + 999) / 1000);
    struct Unit {
        qint64 seconds;
        const char *name;
    };
    static const Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
    QStringList parts;
    qint64 rest = seconds;
    for (const Unit &u : units) {
        if (parts.size() == 2) break;
        const qint64 n = rest / u.seconds;
        if (n == 0 && parts.isEmpty()) continue;
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(u.name));
        else if (!parts.isEmpty())
            break;  // "2 h", not "2 h 0 min"
        rest -= n * u.seconds;
    }
    return parts.join(QLatin1Char(' '));
}

}  // namespace gatehouse::governance
