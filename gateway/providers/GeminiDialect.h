#pragma once

#include "ProviderDialect.h"

namespace gatehouse {

// Google's Gemini API (AI Studio, generativelanguage.googleapis.com):
// chat completions are translated to generateContent requests and back,
// streamed ones through streamGenerateContent?alt=sse; a Gemini-format
// client request goes on as its own bytes (ProviderRequest::native). The
// key travels in x-goog-api-key. Embeddings go to batchEmbedContents
// (GeminiEmbeddings.h); text completions are refused with a clear error.
class GeminiDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;
    NativeStreamWatcher::Format nativeFormat() const override {
        return NativeStreamWatcher::Format::Gemini;
    }
};

// base_url + "/v1beta/models/{model}:{method}", keeping a version the
// base URL already names ("https://host/v1" stays v1).
QUrl geminiMethodUrl(const QString &baseUrl, const QString &model, bool stream);

}  // namespace gatehouse
