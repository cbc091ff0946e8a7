#include "LogIds.h"

#include <QDateTime>

namespace gatehouse {

namespace {
// 2020-01-01: an id's time field is a time Gatehouse ran at, which tells it
// from the fields of older ids ("gh", a kind such as "mcp") that stand where
// the time stands now.
constexpr qint64 kEarliestMs = 1577836800000;
constexpr qint64 kLatestMs = 32503680000000;  // the year 3000
}  // namespace

LogIdSequence::LogIdSequence(const char *kind)
    : prefix_(QStringLiteral("gh-") + (*kind ? QLatin1String(kind) + QLatin1Char('-') : QString())),
      suffix_(QLatin1Char('-') + QString::number(QDateTime::currentMSecsSinceEpoch(), 36) +
              QLatin1Char('-')) {}

QString LogIdSequence::next(qint64 startedAtMs) {
    return prefix_ + QString::number(startedAtMs, 36) + suffix_ +
           QString::number(counter_.fetchAndAddRelaxed(1) + 1, 36);
}

// "gh-[kind-]TIME-START-COUNTER": the time is the third field from the end.
std::optional<qint64> logIdTime(QStringView id) {
    if (!id.startsWith(QLatin1String("gh-"))) return std::nullopt;
    const qsizetype counter = id.lastIndexOf(QLatin1Char('-'));
    const qsizetype start = counter > 0 ? id.lastIndexOf(QLatin1Char('-'), counter - 1) : -1;
    const qsizetype time = start > 0 ? id.lastIndexOf(QLatin1Char('-'), start - 1) : -1;
    if (time < 2) return std::nullopt;
    auto base36 = [](QStringView digits) {
        bool ok = false;
        const qint64 value = digits.toLongLong(&ok, 36);
        return ok ? value : qint64(-1);
    };
    const qint64 ms = base36(id.mid(time + 1, start - time - 1));
    if (ms < kEarliestMs || ms > kLatestMs || base36(id.mid(start + 1, counter - start - 1)) < 0 ||
        base36(id.mid(counter + 1)) < 0)
        return std::nullopt;
    return ms;
}

}  // namespace gatehouse
