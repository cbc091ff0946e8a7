// The upstream response head fast path (upstream/ResponseHead) against
// http_parser, which reads every head the fast path declines: any head the
// fast path takes must be one http_parser reads without error, with the same
// status, version, headers, body length and keep-alive.
#include "upstream/ResponseHead.h"

#include <http_parser.h>

#include <QByteArray>
#include <QList>
#include <cstdint>
#include <cstdlib>

namespace {

struct Parsed {
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray field, value;
    bool inValue = false;
    bool headersComplete = false;

    void endField() {
        headers.append({field, value.trimmed()});
        field.clear();
        value.clear();
    }
};

int onField(http_parser *p, const char *at, size_t len) {
    auto *s = static_cast<Parsed *>(p->data);
    if (s->inValue) s->endField();
    s->inValue = false;
    s->field.append(at, qsizetype(len));
    return 0;
}
int onValue(http_parser *p, const char *at, size_t len) {
    auto *s = static_cast<Parsed *>(p->data);
    s->inValue = true;
    s->value.append(at, qsizetype(len));
    return 0;
}
int onHeadersComplete(http_parser *p) {
    auto *s = static_cast<Parsed *>(p->data);
    if (!s->field.isEmpty()) s->endField();
    s->headersComplete = true;
    http_parser_pause(p, 1);
    return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *bytes = reinterpret_cast<const char *>(data);
    gatehouse::ResponseHead head;
    const auto result = gatehouse::parseResponseHead(bytes, qsizetype(size), &head);
    if (result != gatehouse::ResponseHeadParse::Complete) return 0;
    if (head.length <= 0 || head.length > qsizetype(size)) abort();

    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    Parsed parsed;
    parser.data = &parsed;
    http_parser_settings settings{};
    settings.on_header_field = onField;
    settings.on_header_value = onValue;
    settings.on_headers_complete = onHeadersComplete;
    const size_t used = http_parser_execute(&parser, &settings, bytes, size_t(head.length));
    const auto err = HTTP_PARSER_ERRNO(&parser);
    if (err != HPE_OK && err != HPE_PAUSED) abort();  // taken, but http_parser refuses it
    // Paused in on_headers_complete, http_parser stops at the head's last
    // byte (the final LF) or just past it.
    if (!parsed.headersComplete || used + 1 < size_t(head.length) || used > size_t(head.length))
        abort();
    if (int(parser.status_code) != head.status || int(parser.http_minor) != head.httpMinor) abort();
    if (qint64(parser.content_length) != head.contentLength) abort();
    if ((http_should_keep_alive(&parser) != 0) != head.keepAlive) abort();
    if (parsed.headers.size() != head.headers.size()) abort();
    for (qsizetype i = 0; i < head.headers.size(); ++i) {
        if (parsed.headers[i].first != head.headers[i].first) abort();
        if (parsed.headers[i].second != head.headers[i].second) abort();
    }
    return 0;
}
