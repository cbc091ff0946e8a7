#pragma once

#include <QByteArray>
#include <memory>

namespace gatehouse {

class HttpExchange;
class WorkerContext;

// The Gemini API under /genai (Bifrost's prefix), as Google's SDKs and
// Gemini CLI call it with their base URL set to http://host:port/genai:
//   POST /genai/v1beta/models/{model}:generateContent
//   POST /genai/v1beta/models/{model}:streamGenerateContent[?alt=sse]
//   POST /genai/v1beta/models/{model}:countTokens   (estimated)
//   GET  /genai/v1beta/models[/{model}]
// {model} is "provider/model" (its slash stays in the path) or a bare
// Gemini name, which goes to the provider named "gemini"; "models/" may be
// left out before a provider/model (the Vercel AI SDK does). v1 and v1alpha
// are accepted as well as v1beta. Returns false for paths outside /genai.
bool routeGemini(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                 const QByteArray &path);

}  // namespace gatehouse
