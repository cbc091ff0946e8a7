#pragma once

#include "BedrockCredentials.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace gatehouse {

struct GatewayError;
struct ProviderRequest;
struct UpstreamRequest;

// What every Bedrock runtime call shares (Converse, ConverseStream,
// InvokeModel): the model id, the URL, the caller's identity and the
// signature. One place, so chat and embeddings sign alike.

// The model id a request goes to: the key's deployment for the model (under
// its ARN prefix when one is set), else the model name itself.
QString bedrockModelIdFor(const ProviderRequest &request);

// The configured base URL, else the region's bedrock-runtime endpoint.
QString bedrockBaseUrl(const QString &configuredBaseUrl, const QString &region);

// {base}/model/{modelId}/{method}; the id is one percent-encoded segment
// (ARNs hold '/' and ':'), kept as encoded: the path is signed as sent.
QUrl bedrockModelUrl(const QString &baseUrl, const QString &modelId, const QString &method);

// The request's identity (BedrockCredentials.h); false with a 401
// "missing_credentials" naming the provider when there is none.
bool bedrockAuthFor(const ProviderRequest &request, BedrockAuth *auth, GatewayError *error);

// Adds Content-Type (JSON), `accept`, and then the API key as a bearer token
// or the SigV4 headers for `out` as it stands (method, URL, body).
void authorizeBedrockRequest(const BedrockAuth &auth, const QByteArray &accept,
                             UpstreamRequest *out);

}  // namespace gatehouse
