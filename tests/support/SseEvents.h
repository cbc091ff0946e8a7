#pragma once

#include "http/SseParser.h"

#include <QByteArray>
#include <QList>

namespace gatehouse {

// Splits an SSE body into events (blank-line separated, comments skipped),
// so tests can assert on event order and payloads rather than on bytes.
// A trailing event without its blank line is returned too, so a truncated
// stream shows what did arrive.
QList<SseEvent> parseSseEvents(const QByteArray &body);

}  // namespace gatehouse
