#pragma once

#include "VertexAccountCaches.h"
#include "providers/HttpProvider.h"

namespace gatehouse {

class VertexTokenCache;

// Google Vertex AI: Gemini models through the Gemini dialect, Anthropic
// (claude-*) models through the Anthropic one, at Vertex's URLs.
//
// HttpProvider builds a request synchronously, but a service account's
// access token may first need an exchange with Google. This provider is
// the seam: it asks the account's VertexTokenCache for a token, and only
// once it has one starts the inner HttpProvider call with the token as the
// request's apiKey (sent as a bearer token, masked in its errors). A call
// cancelled while it waits for the token never starts. A key whose value is
// an access token (and that names no auth_credentials) uses it as it is.
class VertexProvider : public Provider {
public:
    explicit VertexProvider(UpstreamClient *client);
    ~VertexProvider() override;
    std::unique_ptr<ProviderCall> start(const ProviderRequest &request,
                                        ProviderCallbacks callbacks) override;

private:
    std::shared_ptr<VertexTokenCache> cacheFor(const QString &authCredentials, QString *error);

    UpstreamClient *client_;
    HttpProvider gemini_;
    HttpProvider anthropic_;
    // auth_credentials as written -> its account's (process-wide) cache;
    // unused ones are let go.
    VertexAccountCaches caches_;
};

}  // namespace gatehouse
