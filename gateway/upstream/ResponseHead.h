#pragma once

#include <QByteArrayView>
#include <QVarLengthArray>
#include <utility>

namespace gatehouse {

// The head of a provider's HTTP/1.x response, read in one pass over a buffer
// that holds all of it. It is the common case: a head of a few hundred bytes
// that arrives in one read, a Content-Length body. http_parser reads the same
// bytes one state transition at a time (~13 instructions a byte, the largest
// single cost of a proxied request); this scans for line ends with memchr.
//
// Only plain heads are taken: anything else is Unusual and goes to
// http_parser, which then decides, exactly as before, whether it is valid
// (tests/fuzz/fuzz_response_head.cpp checks that every head taken here is
// one http_parser reads the same way).
struct ResponseHead {
    int status = 0;
    int httpMinor = 1;
    qsizetype length = 0;  // bytes up to and including the empty line
    qint64 contentLength = -1;
    bool keepAlive = true;
    // Views into the buffer; values without surrounding spaces or tabs.
    QVarLengthArray<std::pair<QByteArrayView, QByteArrayView>, 16> headers;
};

enum class ResponseHeadParse {
    Complete,    // a plain head with a Content-Length body: `head` is filled
    Incomplete,  // the head does not end in this buffer
    Unusual,     // anything else (chunked, no length, 1xx/204/304, folded lines, odd bytes)
};

ResponseHeadParse parseResponseHead(const char *data, qsizetype size, ResponseHead *head);

}  // namespace gatehouse
