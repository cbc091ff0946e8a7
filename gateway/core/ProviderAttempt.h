#pragma once

#include "providers/Provider.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTimer>
#include <memory>

namespace gatehouse {

class WorkerContext;
struct RequestTrace;

// Calls one provider for one target model until it succeeds or gives up:
// picks a key by weight among those that serve the model, rotates to another
// key on 401/403/429, retries retryable failures with exponential backoff and
// jitter (max_retries, retry_backoff_initial/max), honours Retry-After, and
// holds a concurrency slot while a call is out. Once a stream has delivered
// its first chunk it is never retried. Lives on the worker thread.
class ProviderAttempt : public ProviderListener,
                        public std::enable_shared_from_this<ProviderAttempt> {
public:
    ProviderAttempt(WorkerContext *worker, const ProviderConfig *provider, ProviderRequest request,
                    ProviderCallbacks callbacks);
    ~ProviderAttempt() override;

    // Every call to the provider becomes a span of `trace` (timed from `clock`'s start).
    void setTrace(std::shared_ptr<RequestTrace> trace, const QElapsedTimer &clock);
    void start();
    void cancel();
    int attemptsMade() const { return attempts_; }

    // Delay before retry number `retry` (0-based): min(initial * 2^retry, max) * jitter(0.8..1.2).
    static int backoffMs(int retry, int initialMs, int maxMs);
    static bool isRetryable(const GatewayError &error);

private:
    // The provider call's reports (ProviderListener), passed on to the
    // caller's listener once the attempt is over or streaming.
    void onResponse(const QJsonObject &response, const QByteArray &raw) override;
    void onChunk(const QJsonObject &chunk) override;
    void onChunkText(const QJsonObject &chunk, const QByteArray &text) override;
    void onStreamEnd(const QJsonObject &usage) override;
    void onError(const GatewayError &error) override;
    void onRawEvent(const SseEvent &event) override;
    void succeeded();
    QTimer &backoff();
    void callOnce();
    void onFailure(const GatewayError &error);
    void releaseSlot();
    bool pickKey(GatewayError *error);
    void endSpan(const QString &outcome, const QString &message = {});

    WorkerContext *worker_;
    const ProviderConfig *provider_;
    ProviderRequest request_;
    ProviderCallbacks callbacks_;
    std::unique_ptr<ProviderCall> call_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expires with us
    QSet<int> rejectedKeys_;  // indexes of keys that failed authentication or were rate limited
    int keyIndex_ = -1;
    int retries_ = 0;
    int attempts_ = 0;
    bool holdingSlot_ = false;
    bool streamStarted_ = false;
    bool done_ = false;
    std::unique_ptr<QTimer> backoff_;  // see backoff()
    std::shared_ptr<RequestTrace> trace_;
    QElapsedTimer clock_;
    qint64 callStartUs_ = -1;  // the call in progress, for its span
};

}  // namespace gatehouse
