#include "SseEvents.h"

namespace gatehouse {

QList<SseEvent> parseSseEvents(const QByteArray &body) {
    QList<SseEvent> events;
    SseEvent current;
    bool hasField = false;
    int dataLines = 0;
    QByteArray normalized = body;
    normalized.replace("\r\n", "\n");
    for (const QByteArray &line : normalized.split('\n')) {
        if (line.isEmpty()) {
            if (hasField) events.append(current);
            current = SseEvent{};
            hasField = false;
            dataLines = 0;
            continue;
        }
        if (line.startsWith(':')) continue;  // comment / keep-alive
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' ')) value.remove(0, 1);
        if (name == "event") {
            current.event = value;
        } else if (name == "data") {
            if (dataLines++ > 0) current.data += '\n';
            current.data += value;
        } else {
            continue;
        }
        hasField = true;
    }
    if (hasField) events.append(current);
    return events;
}

}  // namespace gatehouse
