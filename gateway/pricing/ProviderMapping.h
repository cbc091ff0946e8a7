#pragma once

#include "PriceCatalog.h"

#include <QString>

namespace gatehouse {

// Which catalogue provider bills for a Gatehouse provider, for
// PriceCatalog::find. `kind` is the provider's kind as ProviderKinds names
// it: "openai" (OpenAI and every OpenAI-compatible API), "anthropic",
// "mock", and "gemini", "vertex", "bedrock", "azure". In order:
//
//  1. "mock" is "mock": the mock provider bills nothing and has no prices
//     (find() says so; an override for provider "mock" can give it some).
//  2. The base URL, when a catalogue provider's api_pattern matches it
//     (https://api.groq.com/openai is "groq"): whoever serves the API bills.
//  3. The provider's name, when it names a catalogue provider
//     (PriceCatalog::providerIdForName: "groq", "xai", "together_ai", ...).
//  4. A local model server ("ollama", "vllm", "lmstudio", "llamacpp",
//     "sgl", or a loopback base URL) is "local": nothing to pay per token,
//     and no prices (an override for provider "local" can give it some).
//  5. A known OpenAI-compatible provider the catalogue does not list
//     ("deepinfra", "nebius", ...) is its own name, with no prices: OpenAI's
//     prices for the models it hosts would be made up.
//  6. Otherwise the kind's own: "openai", "anthropic", "google" for gemini
//     and vertex, "aws" for bedrock, "azure" (an OpenAI-compatible proxy of
//     any other name is taken to front OpenAI).
QString catalogProviderFor(const QString &kind, const QString &providerName, const QString &baseUrl,
                           const PriceCatalog &catalog = PriceCatalog::builtIn());

}  // namespace gatehouse
