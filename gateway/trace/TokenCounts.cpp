#include "trace/TokenCounts.h"

#include "json/JsonValidator.h"

#include <limits>

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

namespace {

// tokenCountsOf over a parsed object.
struct ParsedUsage {
    const QJsonObject &usage;
    bool has(const char *key) const { return usage.contains(QLatin1String(key)); }
    std::optional<int> count(const char *key) const { return gatehouse::count(usage, key); }
    std::optional<int> count(const char *object, const char *key) const {
        return gatehouse::count(usage.value(QLatin1String(object)).toObject(), key);
    }
};

// tokenCountsOf over the object's text: its members and those of the
// objects in it, from one validating scan (Qt's parser and QJsonObject's
// look-ups cost ~13k instructions per answer, a quarter of a whole
// passed-through request; callgrind). Keys are compared as written; the
// last of duplicate keys counts, as in a parsed object.
class UsageText {
public:
    explicit UsageText(const QByteArray &text) : text_(text) {
        if (!scanJsonTree(text, &members_, 2)) members_.clear();
    }
    bool has(const char *key) const { return find(-1, key) >= 0; }
    std::optional<int> count(const char *key) const { return numberAt(find(-1, key)); }
    std::optional<int> count(const char *object, const char *key) const {
        const int parent = find(-1, object);
        return parent < 0 ? std::nullopt : numberAt(find(parent, key));
    }

private:
    int find(int parent, const char *key) const {
        const QByteArrayView wanted(key);
        int found = -1;
        for (int i = 0; i < int(members_.size()); ++i) {
            const JsonTreeMember &m = members_[size_t(i)];
            if (m.parent != parent || m.element != -1) continue;
            const QByteArrayView k(text_.constData() + m.span.keyBegin + 1,
                                   m.span.keyEnd - m.span.keyBegin - 2);
            if (k == wanted) found = i;
        }
        return found;
    }
    // As QJsonValue's isDouble() and toInt(): a number that is not a whole
    // int reads as 0; anything else is no count.
    std::optional<int> numberAt(int member) const {
        if (member < 0) return std::nullopt;
        const JsonMemberSpan &s = members_[member].span;
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

    const QByteArray &text_;
    std::vector<JsonTreeMember> members_;
};

template <typename Usage>
TokenCounts countsFrom(const Usage &usage) {
    TokenCounts c;
    if (usage.has("promptTokenCount") || usage.has("candidatesTokenCount")) {
        // Gemini: the candidates leave the thoughts out.
        c.prompt = usage.count("promptTokenCount");
        c.reasoning = usage.count("thoughtsTokenCount");
        c.completion = sum(usage.count("candidatesTokenCount"), c.reasoning);
        c.cached = usage.count("cachedContentTokenCount");
        c.total = usage.count("totalTokenCount");
    } else if (usage.has("prompt_tokens") || usage.has("completion_tokens")) {
        c.prompt = usage.count("prompt_tokens");
        c.completion = usage.count("completion_tokens");
        c.total = usage.count("total_tokens");
        c.cached = usage.count("prompt_tokens_details", "cached_tokens");
        c.reasoning = usage.count("completion_tokens_details", "reasoning_tokens");
        c.cacheWrite = usage.count("cache_creation_input_tokens");
    } else if (usage.has("input_tokens_details") || usage.has("output_tokens_details")) {
        // Responses: input_tokens counts the cached ones.
        c.prompt = usage.count("input_tokens");
        c.completion = usage.count("output_tokens");
        c.total = usage.count("total_tokens");
        c.cached = usage.count("input_tokens_details", "cached_tokens");
        c.reasoning = usage.count("output_tokens_details", "reasoning_tokens");
    } else {
        // Anthropic: input_tokens leaves the cache reads and writes out.
        c.cached = usage.count("cache_read_input_tokens");
        c.cacheWrite = usage.count("cache_creation_input_tokens");
        c.prompt = sum(sum(usage.count("input_tokens"), c.cached), c.cacheWrite);
        c.completion = usage.count("output_tokens");
        c.total = usage.count("total_tokens");
    }
    if (!c.total && (c.prompt || c.completion)) c.total = sum(c.prompt, c.completion);
    return c;
}

}  // namespace

TokenCounts tokenCountsOf(const QJsonObject &usage) {
    if (usage.isEmpty()) return TokenCounts();
    return countsFrom(ParsedUsage{usage});
}

TokenCounts tokenCountsOfJson(const QByteArray &usage) {
    const UsageText text(usage);
    return countsFrom(text);
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
