#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>
#include <optional>

namespace gatehouse {

// One step of a request, as the trace waterfall shows it.
struct TraceSpan {
    enum class Kind { Interceptor, PreHook, Provider, PostHook, Stream, Translate, Tool, Route };
    // Spans of plugins' hooks (the others are the gateway's own steps).
    bool isPluginHook() const {
        return kind == Kind::Interceptor || kind == Kind::PreHook || kind == Kind::PostHook;
    }
    Kind kind = Kind::PreHook;
    QString name;        // plugin name, or "provider/model" for a provider attempt
    qint64 startUs = 0;  // since the request arrived
    qint64 durationUs = 0;
    QString outcome;  // continue | short_circuit | error | ok | retry | dropped ...
    QString message;  // the error or what happened, for people
};

const char *traceSpanKindName(TraceSpan::Kind kind);

// Everything the log store keeps about one request. Filled in by the
// request's handler on its worker thread as the request goes on, then
// handed whole to the log store's writer (so it is never shared while
// being written).
struct RequestTrace {
    QString id;
    qint64 startedAtMs = 0;  // UTC, ms since the epoch
    QString client;          // the client's address
    QString endpoint;        // e.g. /v1/chat/completions
    QString provider;        // the target that answered (or failed last)
    QString model;
    int attempts = 0;       // calls made to providers, retries and fallbacks included
    int fallbackIndex = 0;  // 0: the primary target answered
    int status = 0;
    QString error;
    qint64 latencyUs = 0;
    std::optional<qint64> timeToFirstTokenUs;  // streams only
    bool stream = false;
    std::optional<int> promptTokens;
    std::optional<int> completionTokens;
    std::optional<int> totalTokens;
    // Of the prompt tokens: read from / written to the provider's prompt
    // cache; of the completion tokens: spent reasoning.
    std::optional<int> cachedTokens;
    std::optional<int> cacheWriteTokens;
    std::optional<int> reasoningTokens;
    // What the answer cost in USD, in billionths (exact sums): null when
    // unknown, and costNote says why (a model without a price, no usage), in
    // the short form of CostNote.h.
    // A cache hit costs 0 and savedNanoUsd is what the provider would have
    // charged.
    std::optional<qint64> costNanoUsd;
    std::optional<qint64> savedNanoUsd;
    // What the provider's prompt cache saved: the answer's price with every
    // input token at the plain input price, less its price (negative when
    // cache writes, priced above plain input, were not read back yet).
    // Null without cache reads or writes, or without a price.
    std::optional<qint64> promptCacheSavedNanoUsd;
    QString costNote;
    bool cacheHit = false;
    QString virtualKey;  // masked
    // The coding agent and its session this request is a turn of (AgentSession.h).
    QString agent;
    QString sessionId;
    // A session turn's whole request body (shared with the request, not a
    // copy): the log writer reads its cache prefix from it (CachePrefix.h)
    // and keeps nothing of it. Empty for requests of no session.
    QByteArray sessionBody;
    // The answering provider's context window for the model (its
    // "context_window", or Ollama's default when `contextWindowAssumed`);
    // 0 when unknown. The log writer compares the prompt with it
    // (ContextGuard.h).
    int contextWindow = 0;
    bool contextWindowAssumed = false;
    QVector<TraceSpan> spans;
    QByteArray requestBody;   // empty when content logging is off
    QByteArray responseBody;  // idem; a stream's answer assembled into one object
    bool requestTruncated = false;
    bool responseTruncated = false;

    // The plugin names that appear in the spans, ",a,b," (for the plugin filter).
    QString pluginList() const;
};

}  // namespace gatehouse
