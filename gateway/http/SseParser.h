#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace gatehouse {

// One dispatched server-sent event. `event` stays empty when the stream sent no
// "event:" field (browsers call that type "message"), so formatSseEvent() can
// reproduce the stream. `id` is the last event ID seen so far: WHATWG carries it
// over to later events that have no "id:" field of their own.
struct SseEvent {
    QByteArray event;
    QByteArray data;
    QByteArray id;
};

// Incremental text/event-stream parser following the WHATWG rules: lines end in
// \n, \r\n or \r; "field: value" loses one leading space; data lines join with
// \n; ':' lines are comments; a blank line dispatches; events without data are
// dropped; a leading UTF-8 BOM is skipped. Input may be split at any byte.
// One event (including its unfinished line) may not exceed maxEventBytes: an
// upstream that never sends a blank line must not grow memory without bound.
class SseParser {
public:
    explicit SseParser(qsizetype maxEventBytes = 16 * 1024 * 1024);

    // Consumes the next bytes of the stream; returns the events they complete.
    // After a failure it consumes nothing.
    QList<SseEvent> feed(const QByteArray &bytes);
    bool failed() const { return !error_.isEmpty(); }
    QString errorMessage() const { return error_; }

private:
    bool skipByteOrderMark();
    void processLine(QByteArrayView line, QList<SseEvent> *out);
    void dispatch(QList<SseEvent> *out);
    bool checkSize(qsizetype pendingBytes);

    qsizetype maxEventBytes_;
    QByteArray buffer_;           // unconsumed input: at most one unfinished line
    qsizetype scanned_ = 0;       // prefix of buffer_ known to hold no line end
    bool lineEndedInCr_ = false;  // so a \n opening the next chunk is not a blank line
    bool bomChecked_ = false;
    QByteArray event_;
    QByteArray data_;
    bool hasData_ = false;
    QByteArray lastId_;
    QString error_;
};

// Formats one event: "event: <e>\n" (only when e is non-empty), one "data: "
// line per line of data, then the blank line that dispatches it. Line breaks
// of any style in data become separate data lines; they cannot appear inside one.
QByteArray formatSseEvent(const QByteArray &event, const QByteArray &data);

}  // namespace gatehouse
