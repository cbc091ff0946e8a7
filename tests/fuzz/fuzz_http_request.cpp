// HTTP/1.x request parsing and its limits (http/HttpRequestParser), as the
// connection feeds it: in pieces split wherever the network happens to split.
// The first input byte chooses the piece size, so the corpus explores both
// byte-at-a-time and whole-buffer arrival.
#include "http/HttpRequestParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using gatehouse::HttpLimits;
using gatehouse::HttpRequestParser;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 64;
    ++data;
    --size;
    // Small limits so the fuzzer reaches every limit branch with short inputs.
    HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    limits.maxHeaderCount = 16;
    limits.maxBodyBytes = 4096;
    limits.maxPipelinedRequests = 4;
    HttpRequestParser parser(limits);
    qint64 bodyBytes = 0;
    for (size_t at = 0; at < size && !parser.failed(); at += piece) {
        const size_t n = size - at < piece ? size - at : piece;
        const bool ok = parser.feed(reinterpret_cast<const char *>(data) + at, qint64(n));
        if (ok == parser.failed()) abort();  // feed()'s result must match failed()
        while (parser.hasRequest()) {
            const gatehouse::HttpRequest r = parser.takeRequest();
            if (r.method.isEmpty()) abort();
            bodyBytes = r.body.size();
            if (bodyBytes > limits.maxBodyBytes) abort();  // the limit must hold
        }
    }
    if (parser.failed()) {
        const int status = parser.errorStatus();
        if (status < 400 || status > 599 || parser.errorMessage().isEmpty()) abort();
    }
    return 0;
}
