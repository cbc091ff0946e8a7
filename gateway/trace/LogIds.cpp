#include "LogIds.h"

#include <QDateTime>
#include <cstring>

namespace gatehouse {

namespace {

// 2020-01-01: an id's time field is a time Gatehouse ran at, which tells it
// from the fields of older ids ("gh", a kind such as "mcp") that stand where
// the time stands now.
constexpr qint64 kEarliestMs = 1577836800000;
constexpr qint64 kLatestMs = 32503680000000;  // the year 3000

// Base-36 digits of `value` at the end of `buffer`; returns where they start.
// By hand: QString::number(v, 36) and the appends around it were a request's
// most expensive few lines after the log lookups took their time from ids.
char16_t *base36Digits(quint64 value, char16_t *end) {
    char16_t *p = end;
    do {
        const int digit = int(value % 36);
        *--p = char16_t(digit < 10 ? '0' + digit : 'a' + digit - 10);
        value /= 36;
    } while (value);
    return p;
}

// The value of base-36 `digits` (either case); -1 when empty, not base 36
// or too long to be an id's field.
qint64 base36Value(QStringView digits) {
    if (digits.isEmpty() || digits.size() > 12) return -1;
    qint64 value = 0;
    for (const QChar c : digits) {
        const char16_t u = c.unicode();
        int digit;
        if (u >= '0' && u <= '9')
            digit = u - '0';
        else if (u >= 'a' && u <= 'z')
            digit = u - 'a' + 10;
        else if (u >= 'A' && u <= 'Z')
            digit = u - 'A' + 10;
        else
            return -1;
        value = value * 36 + digit;
    }
    return value;
}

}  // namespace

LogIdSequence::LogIdSequence(const char *kind)
    : prefix_(QStringLiteral("gh-") + (*kind ? QLatin1String(kind) + QLatin1Char('-') : QString())),
      suffix_(QLatin1Char('-') + QString::number(QDateTime::currentMSecsSinceEpoch(), 36) +
              QLatin1Char('-')) {}

QString LogIdSequence::next(qint64 startedAtMs) {
    char16_t time[16], counter[16];
    const char16_t *timeStart = base36Digits(quint64(qMax<qint64>(startedAtMs, 0)), time + 16);
    const char16_t *counterStart = base36Digits(counter_.fetchAndAddRelaxed(1) + 1, counter + 16);
    const qsizetype timeSize = time + 16 - timeStart, counterSize = counter + 16 - counterStart;
    QString id(prefix_.size() + timeSize + suffix_.size() + counterSize, Qt::Uninitialized);
    QChar *out = id.data();
    auto put = [&out](const void *from, qsizetype units) {
        std::memcpy(static_cast<void *>(out), from, size_t(units) * sizeof(QChar));
        out += units;
    };
    put(prefix_.constData(), prefix_.size());
    put(timeStart, timeSize);
    put(suffix_.constData(), suffix_.size());
    put(counterStart, counterSize);
    return id;
}

// "gh-[kind-]TIME-START-COUNTER": the time is the third field from the end.
std::optional<qint64> logIdTime(QStringView id) {
    if (!id.startsWith(QLatin1String("gh-"))) return std::nullopt;
    qsizetype dashes[3];
    int found = 0;
    for (qsizetype i = id.size() - 1; i >= 2 && found < 3; --i)
        if (id[i] == QLatin1Char('-')) dashes[found++] = i;
    if (found < 3) return std::nullopt;
    const qsizetype counter = dashes[0], start = dashes[1], time = dashes[2];
    const qint64 ms = base36Value(id.sliced(time + 1, start - time - 1));
    if (ms < kEarliestMs || ms > kLatestMs ||
        base36Value(id.sliced(start + 1, counter - start - 1)) < 0 ||
        base36Value(id.sliced(counter + 1)) < 0)
        return std::nullopt;
    return ms;
}

}  // namespace gatehouse
