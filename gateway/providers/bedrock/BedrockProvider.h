#pragma once

#include "providers/HttpProvider.h"

namespace gatehouse {

// Amazon Bedrock: chat through the Converse dialect (BedrockDialect),
// embeddings through InvokeModel (BedrockEmbeddingDialect). Titan embeds one
// text per call, so a list for a Titan model becomes one call per text, made
// one after another (TitanEmbeddingList): a burst of parallel calls from one
// client request would spend the account's InvokeModel quota at once and get
// itself throttled, failing the whole list, and would take every connection
// the provider's max_conns_per_host allows from the other requests. Lists are
// capped (kTitanEmbeddingLimits), which bounds the time the sequence takes.
class BedrockProvider : public Provider {
public:
    explicit BedrockProvider(UpstreamClient *client);
    std::unique_ptr<ProviderCall> start(const ProviderRequest &request,
                                        ProviderCallbacks callbacks) override;

private:
    UpstreamClient *client_;
    HttpProvider converse_;
    HttpProvider embed_;
};

}  // namespace gatehouse
