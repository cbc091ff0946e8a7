#pragma once

#include <QDateTime>
#include <QMutex>
#include <QString>
#include <deque>
#include <memory>

namespace gatehouse {

// One row of the hook log: a hook call (with a duration and outcome) or a
// plugin's log line (with a level).
struct HookLogEntry {
    enum class Kind { Call, Log };
    Kind kind = Kind::Log;
    QDateTime time;
    QString requestId;
    QString plugin;
    QString hook;
    qint64 nanos = -1;  // calls only
    QString outcome;    // calls: "ok", "error", "threw"; log lines: the level
    QString message;
};

// Where worker threads drop hook-log entries for the GUI to take in batches:
// appending is one short lock and never waits on the GUI. Bounded: when the
// GUI is paused or slow, the oldest entries go and are counted.
class HookLogBuffer {
public:
    explicit HookLogBuffer(size_t capacity) : capacity_(capacity) {}

    void append(HookLogEntry entry);
    // Everything appended since the last take, oldest first.
    std::deque<HookLogEntry> takeAll();
    quint64 dropped() const;

private:
    const size_t capacity_;
    mutable QMutex mutex_;
    std::deque<HookLogEntry> entries_;
    quint64 dropped_ = 0;
};

}  // namespace gatehouse
