#include "Durations.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace gatehouse::governance {

namespace {

struct UnitName {
    QChar letter;
    CounterPeriod::Unit unit;
    const char *one;
    const char *many;
};

const UnitName kUnits[] = {
    {QLatin1Char('s'), CounterPeriod::Unit::Second, "second", "seconds"},
    {QLatin1Char('m'), CounterPeriod::Unit::Minute, "minute", "minutes"},
    {QLatin1Char('h'), CounterPeriod::Unit::Hour, "hour", "hours"},
    {QLatin1Char('d'), CounterPeriod::Unit::Day, "day", "days"},
    {QLatin1Char('w'), CounterPeriod::Unit::Week, "week", "weeks"},
    {QLatin1Char('M'), CounterPeriod::Unit::Month, "month", "months"},
    {QLatin1Char('Y'), CounterPeriod::Unit::Year, "year", "years"},
};

}  // namespace

std::optional<CounterPeriod> parsePeriod(const QString &text) {
    static const QRegularExpression form(QStringLiteral("^([1-9][0-9]{0,5})([smhdwMY])$"));
    const QRegularExpressionMatch m = form.match(text);
    if (!m.hasMatch()) return std::nullopt;
    for (const UnitName &u : kUnits)
        if (u.letter == m.captured(2).at(0))
            return CounterPeriod{u.unit, m.captured(1).toLongLong()};
    return std::nullopt;
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
