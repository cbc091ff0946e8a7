#pragma once

#include "TargetResolver.h"
#include "trace/TokenCounts.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>

class QElapsedTimer;

namespace gatehouse {

class ChatStreamAssembler;
class LogStore;
class WorkerContext;
struct GatewayConfig;
struct HttpRequest;
struct RequestTrace;
struct TraceSpan;

// One inference request's record for the log store, filled in as the
// request goes (the route, what a translation dropped, the answer, its
// usage, the stream's timing) and handed to the store, priced, when the
// request ends. With logging off there is no record and every call is a
// check of one pointer. Lives on the request's worker thread.
class TraceRecorder {
public:
    // Starts a record when `logs` is set; `clock` started with the request
    // and outlives this recorder. `startedAtMs` is the time `requestId`
    // carries (trace/LogIds.h): the log finds the record by it.
    TraceRecorder(LogStore *logs, const QElapsedTimer *clock, const QString &requestId,
                  qint64 startedAtMs, const QString &endpoint, const HttpRequest &request);
    ~TraceRecorder();
    TraceRecorder(const TraceRecorder &) = delete;
    TraceRecorder &operator=(const TraceRecorder &) = delete;

    explicit operator bool() const { return trace_ != nullptr; }
    // The record itself, for the parts that add their own spans (plugins,
    // provider attempts); null with logging off.
    const std::shared_ptr<RequestTrace> &record() const { return trace_; }

    void alias(const QString &asked, const ModelAliasHit &alias, const QString &match);
    void dropped(const char *formatName, const QStringList &dropped);
    void spans(const QList<TraceSpan> &spans);
    void error(const QString &message);
    void attempts(int count);
    // A cache hit is marked by the cache plugin in the answer's headers.
    void answerHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
    // Any provider's usage shape, or Anthropic's when a plugin answered in it.
    void usage(const QJsonObject &usage);
    void usage(const TokenCounts &counts);  // read already (tokenCountsOfJson)
    // A whole answer, as the client gets it.
    void answerBody(const QByteArray &body);
    // Streams: a canonical chunk, or an event of a native stream (already in
    // the client's format).
    void chunk(const QJsonObject &chunk);
    void nativeEvent(const QByteArray &event);

    // The request is over: where it went (target null when it never got
    // one), what it cost at its model's price (also counted in the
    // metrics), and its streamed answer; then the record goes to the store.
    void finish(int status, bool stream, const Target *target, int fallbackIndex,
                const GatewayConfig &config, WorkerContext *worker);

private:
    void capped(QByteArray *field, bool *truncated, const QByteArray &body) const;
    void firstChunk();
    void price(const GatewayConfig &config, WorkerContext *worker);

    LogStore *logs_;
    const QElapsedTimer *clock_;
    std::shared_ptr<RequestTrace> trace_;
    bool contentLogging_ = false;
    int bodyCapBytes_ = 0;
    std::unique_ptr<ChatStreamAssembler> stream_;  // a streamed answer's chunks
    QByteArray nativeStream_;                      // a native stream's events
    TokenCounts tokens_;                           // the last usage reported, for the cost
    qint64 firstChunkUs_ = -1;
    int chunks_ = 0;
};

}  // namespace gatehouse
