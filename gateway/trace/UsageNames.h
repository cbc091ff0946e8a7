#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace gatehouse {

// Every member name the token counts are read from, in the order of
// kUsageNames: the readers of a usage object's text (TokenCounts.cpp,
// PlainUsage) match each key once against these.
enum UsageName {
    k_promptTokenCount,
    k_candidatesTokenCount,
    k_thoughtsTokenCount,
    k_cachedContentTokenCount,
    k_totalTokenCount,
    k_prompt_tokens,
    k_completion_tokens,
    k_total_tokens,
    k_prompt_tokens_details,
    k_completion_tokens_details,
    k_cache_creation_input_tokens,
    k_input_tokens_details,
    k_output_tokens_details,
    k_input_tokens,
    k_output_tokens,
    k_cache_read_input_tokens,
    k_cached_tokens,
    k_reasoning_tokens,
    kUsageNameCount
};
inline constexpr std::array<std::string_view, kUsageNameCount> kUsageNames{
    "promptTokenCount",
    "candidatesTokenCount",
    "thoughtsTokenCount",
    "cachedContentTokenCount",
    "totalTokenCount",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "prompt_tokens_details",
    "completion_tokens_details",
    "cache_creation_input_tokens",
    "input_tokens_details",
    "output_tokens_details",
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cached_tokens",
    "reasoning_tokens",
};

// The UsageName a key (its text, without quotes) is, or -1. Only the names
// of the key's length are compared (all eighteen compared cost ~500
// instructions an answer).
inline int usageNameOf(std::string_view key) {
    constexpr size_t kLongest = 32, kPerLength = 4;
    using ByLength = std::array<std::array<int, kPerLength>, kLongest>;
    static const ByLength byLength = [] {
        ByLength table;
        for (auto &names : table) names.fill(-1);
        for (int i = 0; i < kUsageNameCount; ++i) {
            auto &names = table[kUsageNames[size_t(i)].size()];
            // A fifth name of one length would need kPerLength raised.
            *std::find(names.begin(), names.end(), -1) = i;
        }
        return table;
    }();
    if (key.size() >= kLongest) return -1;
    for (const int name : byLength[key.size()]) {
        if (name < 0) break;
        if (std::memcmp(key.data(), kUsageNames[size_t(name)].data(), key.size()) == 0) return name;
    }
    return -1;
}

}  // namespace gatehouse
