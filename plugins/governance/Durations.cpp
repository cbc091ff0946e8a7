#include "Durations.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace gatehouse::governance {

qint64 parseDuration(const QString &text) {
    static const QRegularExpression form(QStringLiteral("^([1-9][0-9]{0,6})([smhdw])$"));
    const QRegularExpressionMatch m = form.match(text);
    if (!m.hasMatch()) return 0;
    static const QHash<QChar, qint64> unitMs{{QLatin1Char('s'), 1000},
                                             {QLatin1Char('m'), 60 * 1000},
                                             {QLatin1Char('h'), 3600 * 1000},
                                             {QLatin1Char('d'), 24 * 3600 * 1000},
                                             {QLatin1Char('w'), 7 * 24 * 3600 * 1000LL}};
    return m.captured(1).toLongLong() * unitMs.value(m.captured(2).at(0));
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
