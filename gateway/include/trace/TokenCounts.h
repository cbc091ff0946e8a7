#pragma once

#include <QJsonObject>
#include <optional>

namespace gatehouse {

struct RequestTrace;

// The tokens one answer used, by kind, whatever the provider's usage shape.
// `prompt` counts every input token (cache reads and writes included, as
// OpenAI's prompt_tokens does); `completion` every output token (reasoning
// included). Absent: the provider did not say.
struct TokenCounts {
    std::optional<int> prompt;
    std::optional<int> completion;
    std::optional<int> total;
    std::optional<int> cached;      // of prompt: read from the provider's prompt cache
    std::optional<int> cacheWrite;  // of prompt: written to it (Anthropic charges more)
    std::optional<int> reasoning;   // of completion

    bool isEmpty() const { return !prompt && !completion && !total; }
};

// Reads OpenAI chat usage (prompt_tokens, *_details, and the
// cache_creation_input_tokens Gatehouse adds for cache writes), Responses
// usage (input_tokens with input_tokens_details), Anthropic usage
// (input_tokens without the cache, cache_read_input_tokens,
// cache_creation_input_tokens) and Gemini's usageMetadata.
TokenCounts tokenCountsOf(const QJsonObject &usage);
// The same from the usage object's JSON text, without parsing it into a
// QJsonObject: what tokenCountsOf would read from the parsed text (nothing
// when it is not a well-formed object).
TokenCounts tokenCountsOfJson(const QByteArray &usage);

// As OpenAI chat usage: prompt/completion/total, with
// prompt_tokens_details.cached_tokens, completion_tokens_details.reasoning_tokens
// and cache_creation_input_tokens when known.
QJsonObject chatUsageOf(const TokenCounts &counts);

// Puts the counts into a request's record (RequestTrace's token fields).
void writeTokens(const TokenCounts &counts, RequestTrace *trace);

}  // namespace gatehouse
