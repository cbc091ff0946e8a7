#pragma once

#include "OpenAIDialect.h"

namespace gatehouse {

// Azure OpenAI: OpenAI's API at a deployment of the key's resource
// ({endpoint}/openai/deployments/{deployment}/chat/completions?api-version=),
// or at its v1 API ({endpoint}/openai/v1/...) when the key's api_version is
// "v1" or "preview" or the endpoint ends in /openai/v1. The model is mapped
// to its deployment by the key's deployments; the key goes in `api-key`, or
// as a bearer token when it is one (an Entra ID token, a JWT). Answers and
// streams are OpenAI's, read as the OpenAI dialect reads them; a Responses
// API request goes to Azure's Responses API as it is.
class AzureDialect : public OpenAIDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
};

// The api-version used when a key names none.
inline constexpr char kAzureDefaultApiVersion[] = "2024-10-21";

// Where one Azure request goes: the resource's URL for `operation` (or the
// Responses API when `responses`), and the model name for the body.
struct AzureTarget {
    QUrl url;
    QString bodyModel;
};
AzureTarget azureTarget(const QString &endpoint, const QString &apiVersion,
                        const QString &deployment, Operation operation, bool responses);

}  // namespace gatehouse
