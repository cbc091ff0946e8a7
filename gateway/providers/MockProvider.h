#pragma once

#include "Provider.h"

namespace gatehouse {

// Answers locally, with no network and no key: `echo` repeats the last user
// message, `tool` calls one of the request's tools and then reports its
// result (MockTool.h), every other model answers the configured text. Latency and stream
// pacing come from the provider's mock_config, so it doubles as a zero-cost
// upstream for benchmarks and a first answer for newcomers.
class MockProvider : public Provider {
public:
    std::unique_ptr<ProviderCall> start(const ProviderRequest &request,
                                        ProviderCallbacks callbacks) override;
};

// The text the mock answers for a chat or completion request.
QString mockAnswerText(const ProviderRequest &request);

}  // namespace gatehouse
