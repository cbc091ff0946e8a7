#pragma once

#include "ProviderDialect.h"

namespace gatehouse {

// Anthropic's Messages API: chat completions are translated to messages and
// back, streamed events included. Text completions and embeddings are not
// offered by Anthropic and are refused with a clear error.
class AnthropicDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;
    NativeStreamWatcher::Format nativeFormat() const override {
        return NativeStreamWatcher::Format::AnthropicMessages;
    }
};

}  // namespace gatehouse
