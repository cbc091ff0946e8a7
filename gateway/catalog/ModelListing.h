#pragma once

#include "config/GatewayConfig.h"
#include "upstream/UpstreamRequest.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse::model_listing {

// How one provider's own model list is asked for and read, with the
// provider's API and auth: OpenAI-compatible GET {base}/v1/models (Bearer),
// Anthropic GET /v1/models (x-api-key, anthropic-version), Gemini
// GET /v1beta/models (x-goog-api-key), Bedrock GET /foundation-models on the
// control-plane host (SigV4, service "bedrock"). Azure, Vertex and the mock
// have no list worth asking for: their models are the configured ones.

// False when the provider's kind has no list to ask for (`error` empty), or
// when it cannot be asked (no credentials: `error` says why).
bool buildRequest(const ProviderConfig &provider, UpstreamRequest *out, QString *error);

// The model names a successful answer lists (what clients put after
// "provider/"); false with `error` when the body is not the expected shape.
bool parseAnswer(ProviderKind kind, const QByteArray &body, QStringList *models, QString *error);

// The models the configuration names for `provider`: the keys' models,
// Azure deployments and Bedrock deployment aliases, the mock's list.
QStringList configuredModels(const ProviderConfig &provider);

// configured first, then the listed ones some key may use, without repeats.
QStringList merge(const ProviderConfig &provider, const QStringList &configured,
                  const QStringList &listed);

}  // namespace gatehouse::model_listing
