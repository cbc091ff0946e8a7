#include "SseParser.h"

#include "json/ByteAppend.h"

#include <cstring>

namespace gatehouse {

namespace {
const QByteArray kBom("\xEF\xBB\xBF");

bool isLineEnd(char c) {
    return c == '\n' || c == '\r';
}
}  // namespace

SseParser::SseParser(qsizetype maxEventBytes) : maxEventBytes_(maxEventBytes) {}

QList<SseEvent> SseParser::feed(const QByteArray &bytes) {
    QList<SseEvent> out;
    if (failed() || bytes.isEmpty()) return out;
    buffer_.append(bytes);
    if (!skipByteOrderMark()) return out;

    const char *d = buffer_.constData();
    const qsizetype n = buffer_.size();
    qsizetype start = 0;
    if (lineEndedInCr_ && n > 0) {
        // The previous chunk ended in \r: buffer_ was empty, so d[0] follows it.
        if (d[0] == '\n') start = 1;
        lineEndedInCr_ = false;
    }
    // Bytes scanned by an earlier call hold no line end; rescanning them would
    // make a long line arriving in small pieces quadratic.
    qsizetype pos = qMax(start, scanned_);
    while (pos < n) {
        if (!isLineEnd(d[pos])) {
            ++pos;
            continue;
        }
        processLine(QByteArrayView(d + start, pos - start), &out);
        if (failed()) return out;
        if (d[pos] == '\r') {
            if (pos + 1 == n)
                lineEndedInCr_ = true;
            else if (d[pos + 1] == '\n')
                ++pos;
        }
        start = ++pos;
    }
    buffer_.remove(0, start);
    scanned_ = buffer_.size();
    checkSize(buffer_.size());
    return out;
}

// Returns false while too few bytes have arrived to tell whether a BOM is there.
bool SseParser::skipByteOrderMark() {
    if (bomChecked_) return true;
    const qsizetype n = qMin(buffer_.size(), kBom.size());
    if (buffer_.first(n) != kBom.first(n)) {
        bomChecked_ = true;
        return true;
    }
    if (n < kBom.size()) return false;
    buffer_.remove(0, kBom.size());
    bomChecked_ = true;
    return true;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> *out) {
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':') return;

    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ') value = value.sliced(1);

    if (field == "data") {
        if (hasData_) data_.append('\n');
        data_.append(value);
        hasData_ = true;
    } else if (field == "event") {
        event_ = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0')) lastId_ = value.toByteArray();
    }
    // "retry" and unknown fields are ignored: this parser does not reconnect.
    checkSize(0);
}

void SseParser::dispatch(QList<SseEvent> *out) {
    if (hasData_) out->append({event_, data_, lastId_});
    event_.clear();
    data_.clear();
    hasData_ = false;
}

bool SseParser::checkSize(qsizetype pendingBytes) {
    if (event_.size() + data_.size() + pendingBytes <= maxEventBytes_) return true;
    error_ = QStringLiteral("server-sent event exceeds %1 bytes").arg(maxEventBytes_);
    buffer_.clear();
    event_.clear();
    data_.clear();
    return false;
}

QByteArray formatSseEvent(const QByteArray &event, const QByteArray &data) {
    const auto hasLineEnd = [](const QByteArray &text) {
        return std::memchr(text.constData(), '\n', size_t(text.size())) ||
               std::memchr(text.constData(), '\r', size_t(text.size()));
    };
    QByteArray out;
    // Compact JSON, what nearly every event carries, has no line break: its
    // event is written with one allocation (the general way below cost a
    // streamed chunk ~4k instructions in temporaries).
    if (!hasLineEnd(event) && !hasLineEnd(data)) {
        out.reserve(event.size() + data.size() + 16);
        if (!event.isEmpty()) {
            appendBytes(out, "event: ");
            appendBytes(out, event);
            appendBytes(out, "\n");
        }
        appendBytes(out, "data: ");
        appendBytes(out, data);
        appendBytes(out, "\n\n");
        return out;
    }
    if (!event.isEmpty()) {
        // A line break in the name would end the field early and corrupt the stream.
        QByteArray name = event;
        name.replace('\r', "").replace('\n', "");
        out += "event: " + name + '\n';
    }
    qsizetype start = 0;
    while (true) {
        qsizetype end = start;
        while (end < data.size() && !isLineEnd(data[end])) ++end;
        out += "data: " + data.mid(start, end - start) + '\n';
        if (end == data.size()) break;
        const bool crlf = data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n';
        start = end + (crlf ? 2 : 1);
    }
    out += '\n';
    return out;
}

}  // namespace gatehouse
