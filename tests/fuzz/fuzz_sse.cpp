// SSE framing (http/SseParser, formatSseEvent): the relay's parser must give
// the same events however the bytes are split, and what formatSseEvent
// writes must parse back to the same event.
#include "http/SseParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using gatehouse::SseEvent;
using gatehouse::SseParser;

namespace {

bool sameEvents(const QList<SseEvent> &a, const QList<SseEvent> &b) {
    if (a.size() != b.size()) return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 17;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype maxEvent = 4096;

    SseParser whole(maxEvent);
    const QList<SseEvent> once = whole.feed(bytes);

    SseParser split(maxEvent);
    QList<SseEvent> pieces;
    for (qsizetype at = 0; at < bytes.size(); at += qsizetype(piece))
        pieces += split.feed(bytes.mid(at, qsizetype(piece)));
    // A size limit may trip at a different event depending on the split only
    // if the parser buffers differently: it must not.
    if (whole.failed() != split.failed()) abort();
    if (!whole.failed() && !sameEvents(once, pieces)) abort();

    // Round trip: every event parsed from the input, written back, parses to
    // itself (the name cannot hold a line break; data keeps its lines).
    for (const SseEvent &e : once) {
        if (e.event.contains('\n') || e.event.contains('\r')) abort();
        SseParser again;
        const QList<SseEvent> back = again.feed(gatehouse::formatSseEvent(e.event, e.data));
        if (back.size() != 1 || back[0].event != e.event || back[0].data != e.data) abort();
    }
    return 0;
}
