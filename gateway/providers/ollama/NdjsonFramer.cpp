#include "NdjsonFramer.h"

namespace gatehouse {

QList<SseEvent> NdjsonFramer::feed(const QByteArray &bytes) {
    QList<SseEvent> events;
    if (!error_.isEmpty()) return events;
    pending_ += bytes;
    qsizetype start = 0;
    for (qsizetype end; (end = pending_.indexOf('\n', start)) >= 0; start = end + 1) {
        const QByteArray line = pending_.mid(start, end - start).trimmed();  // "\r\n" too
        if (line.isEmpty()) continue;
        SseEvent event;
        event.data = line;
        events.append(std::move(event));
    }
    pending_.remove(0, start);
    if (pending_.size() > kMaxLineBytes) {
        error_ =
            QStringLiteral("Provider sent a stream line longer than %1 bytes").arg(kMaxLineBytes);
        pending_.clear();
    }
    return events;
}

}  // namespace gatehouse
