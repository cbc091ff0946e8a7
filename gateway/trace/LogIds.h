#pragma once

#include <QAtomicInteger>
#include <QString>
#include <QStringView>
#include <optional>

namespace gatehouse {

// Ids of logged records ("gh-mifz3k2a-kxm3a9q1-1f"): the time the record
// starts (ms since the epoch, base 36), the time the sequence started (made
// once, so two runs of the gateway never hand out the same id) and a
// counter. The record's time in its id lets a lookup by id go through
// the log's time index (LogReader::get), so PostgreSQL keeps no index on the
// id itself: one B-tree fewer written per request (docs/performance.md,
// "Request log"). Cheap enough for every request: one atomic increment and
// two short number formats. Thread-safe.
class LogIdSequence {
public:
    // `kind` goes between "gh-" and the time ("mcp": "gh-mcp-..."); empty: none.
    explicit LogIdSequence(const char *kind);
    QString next(qint64 startedAtMs);

private:
    QString prefix_;  // "gh-" and the kind
    QString suffix_;  // the sequence's start, between the time and the counter
    QAtomicInteger<quint64> counter_{0};
};

// The start time an id of LogIdSequence carries; none for an id of another
// shape (the ids earlier versions of Gatehouse wrote, which carried no time, or
// anything else).
std::optional<qint64> logIdTime(QStringView id);

}  // namespace gatehouse
