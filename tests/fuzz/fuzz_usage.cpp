// The two readers of a usage object's text (trace/UsageReaders.h): what
// the one-pass reader of plain objects accepts, it must read exactly as
// the validating reader does. Anything may come in (an upstream's answer);
// neither may crash or read past it.
#include "trace/UsageReaders.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<TokenCounts> plain = tokenCountsOfPlainJson(text);
    const TokenCounts scanned = tokenCountsOfScannedJson(text);
    if (plain && (plain->prompt != scanned.prompt || plain->completion != scanned.completion ||
                  plain->total != scanned.total || plain->cached != scanned.cached ||
                  plain->cacheWrite != scanned.cacheWrite || plain->reasoning != scanned.reasoning))
        std::abort();
    return 0;
}
