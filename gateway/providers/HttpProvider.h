#pragma once

#include "ProviderDialect.h"

namespace gatehouse {

class UpstreamClient;

// A provider reached over HTTP(S) through the worker's UpstreamClient, speaking
// the given dialect. Relays streamed events as soon as each arrives.
class HttpProvider : public Provider {
public:
    HttpProvider(UpstreamClient *client, std::unique_ptr<ProviderDialect> dialect);
    std::unique_ptr<ProviderCall> start(const ProviderRequest &request,
                                        ProviderCallbacks callbacks) override;

    // Largest non-streamed answer accepted from a provider.
    static constexpr qint64 kMaxResponseBytes = 64LL * 1024 * 1024;

private:
    UpstreamClient *client_;
    std::unique_ptr<ProviderDialect> dialect_;
};

}  // namespace gatehouse
