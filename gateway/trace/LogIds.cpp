#include "LogIds.h"

#include <QDateTime>

namespace gatehouse {

LogIdSequence::LogIdSequence(const char *kind)
    : prefix_(QStringLiteral("gh-") + (*kind ? QLatin1String(kind) + QLatin1Char('-') : QString()) +
              QString::number(QDateTime::currentMSecsSinceEpoch(), 36) + QLatin1Char('-')) {}

QString LogIdSequence::next() {
    return prefix_ + QString::number(counter_.fetchAndAddRelaxed(1) + 1, 36);
}

}  // namespace gatehouse
