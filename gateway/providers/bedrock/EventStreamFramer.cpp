#include "EventStreamFramer.h"

namespace gatehouse {

QList<SseEvent> EventStreamFramer::feed(const QByteArray &bytes) {
    QList<SseEvent> events;
    for (const aws::EventStreamMessage &m : decoder_.feed(bytes)) {
        const QByteArray type = m.header(":message-type");
        if (type == "exception")
            events.append({QByteArrayLiteral("exception"), m.payload, m.header(":exception-type")});
        else if (type == "error")
            events.append(
                {QByteArrayLiteral("error"), m.header(":error-message"), m.header(":error-code")});
        else
            events.append({m.header(":event-type"), m.payload, QByteArray()});
    }
    return events;
}

}  // namespace gatehouse
