#pragma once

#include "ModelPrices.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace gatehouse {

// A request's token counts, in one shape for every API. Fill it as:
//  - OpenAI chat: input = prompt_tokens, cacheRead =
//    prompt_tokens_details.cached_tokens, output = completion_tokens,
//    reasoning = completion_tokens_details.reasoning_tokens.
//    Responses API: input_tokens, input_tokens_details.cached_tokens,
//    output_tokens, output_tokens_details.reasoning_tokens.
//  - Anthropic: input = input_tokens + cache_read_input_tokens +
//    cache_creation_input_tokens (its input_tokens counts only the uncached
//    part), cacheRead = cache_read_input_tokens, cacheWrite =
//    cache_creation_input_tokens, output = output_tokens.
//  - Gemini: input = promptTokenCount, cacheRead = cachedContentTokenCount,
//    output = candidatesTokenCount + thoughtsTokenCount (Gemini counts
//    thoughts apart from candidates), reasoning = thoughtsTokenCount.
struct TokenUsage {
    // All prompt tokens, cached and cache-written included, as OpenAI's prompt_tokens.
    qint64 input = 0;
    qint64 cacheRead = 0;   // of input, read from the provider's prompt cache
    qint64 cacheWrite = 0;  // of input, written to it (Anthropic's cache creation)
    qint64 output = 0;      // completion tokens, reasoning included
    qint64 reasoning = 0;   // of output, spent reasoning
};

// What a request cost, in USD, by what it paid for. Reasoning is charged
// at the output price (inside outputUsd) unless the model prices it apart.
struct CostBreakdown {
    double inputUsd = 0;       // prompt tokens neither read from nor written to a cache
    double cacheReadUsd = 0;   // cached prompt tokens
    double cacheWriteUsd = 0;  // prompt tokens written to the cache
    double outputUsd = 0;      // completion tokens (reasoning included unless priced apart)
    double reasoningUsd = 0;   // reasoning tokens, for models that price them apart
    double requestUsd = 0;     // a per-request fee (Perplexity's)
    double totalUsd = 0;
};

// The cost of `usage` at `prices` as they were at `when`, as genai-prices
// computes it:
//  - every count is charged at the most specific price the model has: a
//    model without a cache-read price charges cached tokens at its input
//    price (and cache writes likewise), one without a reasoning price
//    charges reasoning at its output price;
//  - tiered prices take the rate for the request's whole prompt (see Price);
//  - a key the model has no price for costs nothing (an embedding model has
//    no output price; a free model has no prices at all and costs 0).
// nullopt, with why, when no honest number exists: counts that contradict
// each other (cached tokens above the prompt, reasoning above the output),
// prices that do (a cache price without an input price), or a model priced
// only in units Gatehouse does not count (audio hours, images, pages).
std::optional<CostBreakdown> costBreakdown(const PriceSet &prices, const TokenUsage &usage,
                                           QString *why = nullptr);
std::optional<CostBreakdown> costBreakdown(const ModelPrices &prices, const TokenUsage &usage,
                                           const QDateTime &when, QString *why = nullptr);
std::optional<double> costUsd(const ModelPrices &prices, const TokenUsage &usage,
                              const QDateTime &when, QString *why = nullptr);

}  // namespace gatehouse
