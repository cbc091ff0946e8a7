// What makes two requests "the same" for the cache.
#pragma once

#include <gatehouse/plugin.h>

namespace gatehouse::cache {

// Hex SHA-256 over the endpoint, provider, model, partition (the
// cache_by_header value) and the canonical JSON of the body without
// "stream" and "stream_options": a streamed and a plain request share an
// entry, since the host streams a cached answer itself.
QByteArray cacheKey(const PluginRequest &request, const QByteArray &partition);

}  // namespace gatehouse::cache
