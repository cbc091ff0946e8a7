#include "trace/TokenCounts.h"

namespace gatehouse {

namespace {

std::optional<int> count(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

std::optional<int> sum(std::optional<int> a, std::optional<int> b) {
    if (!a) return b;
    if (!b) return a;
    return *a + *b;
}

}  // namespace

TokenCounts tokenCountsOf(const QJsonObject &usage) {
    TokenCounts c;
    if (usage.isEmpty()) return c;
    if (usage.contains(QLatin1String("promptTokenCount")) ||
        usage.contains(QLatin1String("candidatesTokenCount"))) {
        // Gemini: the candidates leave the thoughts out.
        c.prompt = count(usage, "promptTokenCount");
        c.reasoning = count(usage, "thoughtsTokenCount");
        c.completion = sum(count(usage, "candidatesTokenCount"), c.reasoning);
        c.cached = count(usage, "cachedContentTokenCount");
        c.total = count(usage, "totalTokenCount");
    } else if (usage.contains(QLatin1String("prompt_tokens")) ||
               usage.contains(QLatin1String("completion_tokens"))) {
        c.prompt = count(usage, "prompt_tokens");
        c.completion = count(usage, "completion_tokens");
        c.total = count(usage, "total_tokens");
        c.cached =
            count(usage.value(QLatin1String("prompt_tokens_details")).toObject(), "cached_tokens");
        c.reasoning = count(usage.value(QLatin1String("completion_tokens_details")).toObject(),
                            "reasoning_tokens");
        c.cacheWrite = count(usage, "cache_creation_input_tokens");
    } else if (usage.contains(QLatin1String("input_tokens_details")) ||
               usage.contains(QLatin1String("output_tokens_details"))) {
        // Responses: input_tokens counts the cached ones.
        c.prompt = count(usage, "input_tokens");
        c.completion = count(usage, "output_tokens");
        c.total = count(usage, "total_tokens");
        c.cached =
            count(usage.value(QLatin1String("input_tokens_details")).toObject(), "cached_tokens");
        c.reasoning = count(usage.value(QLatin1String("output_tokens_details")).toObject(),
                            "reasoning_tokens");
    } else {
        // Anthropic: input_tokens leaves the cache reads and writes out.
        c.cached = count(usage, "cache_read_input_tokens");
        c.cacheWrite = count(usage, "cache_creation_input_tokens");
        c.prompt = sum(sum(count(usage, "input_tokens"), c.cached), c.cacheWrite);
        c.completion = count(usage, "output_tokens");
        c.total = count(usage, "total_tokens");
    }
    if (!c.total && (c.prompt || c.completion)) c.total = sum(c.prompt, c.completion);
    return c;
}

QJsonObject chatUsageOf(const TokenCounts &c) {
    QJsonObject usage{{QStringLiteral("prompt_tokens"), c.prompt.value_or(0)},
                      {QStringLiteral("completion_tokens"), c.completion.value_or(0)},
                      {QStringLiteral("total_tokens"),
                       c.total.value_or(c.prompt.value_or(0) + c.completion.value_or(0))}};
    if (c.cached)
        usage.insert(QStringLiteral("prompt_tokens_details"),
                     QJsonObject{{QStringLiteral("cached_tokens"), *c.cached}});
    if (c.reasoning)
        usage.insert(QStringLiteral("completion_tokens_details"),
                     QJsonObject{{QStringLiteral("reasoning_tokens"), *c.reasoning}});
    if (c.cacheWrite && *c.cacheWrite > 0)
        usage.insert(QStringLiteral("cache_creation_input_tokens"), *c.cacheWrite);
    return usage;
}

}  // namespace gatehouse
