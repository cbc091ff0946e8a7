#include "trace/TokenCounts.h"

#include "PlainUsage.h"
#include "UsageReaders.h"

#include "json/JsonValidator.h"
#include "trace/RequestTrace.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string_view>

namespace gatehouse {

namespace {

std::optional<int> count(const QJsonObject &o, std::string_view key) {
    const QJsonValue v = o.value(QLatin1String(key.data(), qsizetype(key.size())));
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

// Held to int's range: counts come from the upstream's text, and two
// near-limit ones must not overflow (undefined behaviour; found by fuzzing).
std::optional<int> sum(std::optional<int> a, std::optional<int> b) {
    if (!a) return b;
    if (!b) return a;
    const qint64 total = qint64(*a) + *b;
    return int(std::clamp<qint64>(total, std::numeric_limits<int>::min(),
                                  std::numeric_limits<int>::max()));
}

}  // namespace

namespace {

using Name = UsageName;
constexpr const auto &kNames = kUsageNames;

// tokenCountsOf over a parsed object.
struct ParsedUsage {
    const QJsonObject &usage;
    bool has(Name key) const { return usage.contains(QLatin1String(kNames[key])); }
    std::optional<int> count(Name key) const { return gatehouse::count(usage, kNames[key]); }
    std::optional<int> count(Name object, Name key) const {
        return gatehouse::count(usage.value(QLatin1String(kNames[object])).toObject(), kNames[key]);
    }
};

// tokenCountsOf over the object's text: its members and those of the
// objects in it, from one validating scan (Qt's parser and QJsonObject's
// look-ups cost ~13k instructions per answer, a quarter of a whole
// passed-through request; callgrind). Each member's key is matched once
// against the names countsFrom asks about (asking the member list each
// time cost ~1,200 instructions an answer). Keys are compared as written;
// the last of duplicate keys counts, as in a parsed object.
class UsageText {
public:
    explicit UsageText(const QByteArray &text) : text_(text) {
        outerMember_.fill(-1);
        std::vector<JsonTreeMember> members;
        if (!scanJsonTree(text, &members, 2)) return;
        // The known name of each outer member, for its members' look-ups.
        std::vector<int> outerName(members.size(), -1);  // a Name, or -1
        for (size_t i = 0; i < members.size(); ++i) {
            const JsonTreeMember &m = members[i];
            if (m.element != -1) continue;
            const int name = nameOf(m.span);
            if (name < 0) continue;
            if (m.parent == -1) {
                outerName[i] = name;
                outer_[size_t(name)] = m.span;
                outerMember_[size_t(name)] = int(i);
            } else if (outerName[size_t(m.parent)] >= 0) {
                inner_.push_back({m.parent, Name(name), m.span});
            }
        }
    }
    bool has(Name key) const { return outerMember_[key] >= 0; }
    std::optional<int> count(Name key) const {
        return has(key) ? numberAt(outer_[key]) : std::nullopt;
    }
    // In the last object of that name, as a parsed object has it.
    std::optional<int> count(Name object, Name key) const {
        std::optional<int> found;
        for (const Inner &in : inner_)
            if (in.parent == outerMember_[object] && in.name == key) found = numberAt(in.span);
        return found;
    }

private:
    int nameOf(const JsonMemberSpan &span) const {
        return usageNameOf(std::string_view(text_.constData() + span.keyBegin + 1,
                                            size_t(span.keyEnd - span.keyBegin - 2)));
    }
    // As QJsonValue's isDouble() and toInt(): a number that is not a whole
    // int reads as 0; anything else is no count.
    std::optional<int> numberAt(const JsonMemberSpan &s) const {
        const char first = text_.at(s.valueBegin);
        if (first != '-' && (first < '0' || first > '9')) return std::nullopt;
        // Counts are short integers: read directly (a double's parse cost
        // as much as the rest of the reading).
        const char *p = text_.constData() + s.valueBegin, *end = text_.constData() + s.valueEnd;
        if (end - p <= 9 && first != '-') {
            int n = 0;
            for (; p < end && *p >= '0' && *p <= '9'; ++p) n = n * 10 + (*p - '0');
            if (p == end) return n;
        }
        const double d =
            QByteArrayView(text_.constData() + s.valueBegin, s.valueEnd - s.valueBegin).toDouble();
        const bool whole = d >= double(std::numeric_limits<int>::min()) &&
                           d <= double(std::numeric_limits<int>::max()) && d == double(int(d));
        return whole ? int(d) : 0;
    }

    struct Inner {
        int parent;  // the outer member whose object holds it
        Name name;
        JsonMemberSpan span;
    };
    const QByteArray &text_;
    std::array<JsonMemberSpan, kUsageNameCount> outer_{};
    std::array<int, kUsageNameCount> outerMember_;  // the last outer member of each name, or -1
    std::vector<Inner> inner_;
};

template <typename Usage>
TokenCounts countsFrom(const Usage &usage) {
    TokenCounts c;
    if (usage.has(k_promptTokenCount) || usage.has(k_candidatesTokenCount)) {
        // Gemini: the candidates leave the thoughts out.
        c.prompt = usage.count(k_promptTokenCount);
        c.reasoning = usage.count(k_thoughtsTokenCount);
        c.completion = sum(usage.count(k_candidatesTokenCount), c.reasoning);
        c.cached = usage.count(k_cachedContentTokenCount);
        c.total = usage.count(k_totalTokenCount);
    } else if (usage.has(k_prompt_tokens) || usage.has(k_completion_tokens)) {
        c.prompt = usage.count(k_prompt_tokens);
        c.completion = usage.count(k_completion_tokens);
        c.total = usage.count(k_total_tokens);
        c.cached = usage.count(k_prompt_tokens_details, k_cached_tokens);
        c.reasoning = usage.count(k_completion_tokens_details, k_reasoning_tokens);
        c.cacheWrite = usage.count(k_cache_creation_input_tokens);
    } else if (usage.has(k_input_tokens_details) || usage.has(k_output_tokens_details)) {
        // Responses: input_tokens counts the cached ones.
        c.prompt = usage.count(k_input_tokens);
        c.completion = usage.count(k_output_tokens);
        c.total = usage.count(k_total_tokens);
        c.cached = usage.count(k_input_tokens_details, k_cached_tokens);
        c.reasoning = usage.count(k_output_tokens_details, k_reasoning_tokens);
    } else {
        // Anthropic: input_tokens leaves the cache reads and writes out.
        c.cached = usage.count(k_cache_read_input_tokens);
        c.cacheWrite = usage.count(k_cache_creation_input_tokens);
        c.prompt = sum(sum(usage.count(k_input_tokens), c.cached), c.cacheWrite);
        c.completion = usage.count(k_output_tokens);
        c.total = usage.count(k_total_tokens);
    }
    if (!c.total && (c.prompt || c.completion)) c.total = sum(c.prompt, c.completion);
    return c;
}

}  // namespace

TokenCounts tokenCountsOf(const QJsonObject &usage) {
    if (usage.isEmpty()) return TokenCounts();
    return countsFrom(ParsedUsage{usage});
}

std::optional<TokenCounts> tokenCountsOfPlainJson(const QByteArray &usage) {
    PlainUsage plain;
    if (!plain.read(usage)) return std::nullopt;
    return countsFrom(plain);
}

TokenCounts tokenCountsOfScannedJson(const QByteArray &usage) {
    const UsageText text(usage);
    return countsFrom(text);
}

TokenCounts tokenCountsOfJson(const QByteArray &usage) {
    if (const std::optional<TokenCounts> plain = tokenCountsOfPlainJson(usage)) return *plain;
    return tokenCountsOfScannedJson(usage);
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

void writeTokens(const TokenCounts &c, RequestTrace *t) {
    t->promptTokens = c.prompt;
    t->completionTokens = c.completion;
    t->totalTokens = c.total;
    t->cachedTokens = c.cached;
    t->cacheWriteTokens = c.cacheWrite;
    t->reasoningTokens = c.reasoning;
}

}  // namespace gatehouse
