#pragma once

#include <QString>

namespace gatehouse {

// A model server on this machine or by a local server's name ("ollama",
// "vllm", "lmstudio", "llamacpp", "sgl"; or a loopback base URL): it bills
// nothing per token and serves only the models it pulled or loaded.
bool isLocalModelServer(const QString &providerName, const QString &baseUrl);

}  // namespace gatehouse
