#include "ProviderAttempt.h"

#include "WorkerContext.h"
#include "trace/RequestTrace.h"

#include <QRandomGenerator>
#include <QStringBuilder>
#include <cmath>

namespace gatehouse {

ProviderAttempt::ProviderAttempt(WorkerContext *worker, const ProviderConfig *provider,
                                 ProviderRequest request, ProviderCallbacks callbacks)
    : worker_(worker),
      provider_(provider),
      request_(std::move(request)),
      callbacks_(std::move(callbacks)) {
    request_.config = provider_;
}

// Made on the first retry or key rotation: most calls never need it, and a
// QObject per request is not free.
QTimer &ProviderAttempt::backoff() {
    if (!backoff_) {
        backoff_ = std::make_unique<QTimer>();
        backoff_->setSingleShot(true);
    }
    return *backoff_;
}

ProviderAttempt::~ProviderAttempt() {
    if (call_) call_->cancel();
    releaseSlot();
}

int ProviderAttempt::backoffMs(int retry, int initialMs, int maxMs) {
    const double base = qMin(double(maxMs), initialMs * std::pow(2.0, retry));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return int(base * jitter);
}

bool ProviderAttempt::isRetryable(const GatewayError &error) {
    switch (error.status) {
        case 408:
        case 429:
        case 500:
        case 502:
        case 503:
        case 504:
        case 529:
            return error.code != QLatin1String("upstream_response_too_large");
        default:
            return false;
    }
}

void ProviderAttempt::setTrace(std::shared_ptr<RequestTrace> trace, const QElapsedTimer &clock) {
    trace_ = std::move(trace);
    clock_ = clock;
}

namespace {

// A call's span texts ("provider/model", "key <name>") as this thread last
// made them: most calls name the same ones again, and each was an
// allocation on the worker (and a free on the log writer's thread).
struct SpanTexts {
    QString provider, model, key;
    QString name, keyMessage;

    const QString &nameOf(const QString &p, const QString &m) {
        if (name.isEmpty() || provider != p || model != m) {
            provider = p;
            model = m;
            name = p % QLatin1Char('/') % m;  // one allocation
        }
        return name;
    }
    const QString &keyMessageOf(const QString &k) {
        if (keyMessage.isEmpty() || key != k) {
            key = k;
            keyMessage = QLatin1String("key ") % k;
        }
        return keyMessage;
    }
};

}  // namespace

void ProviderAttempt::endSpan(const QString &outcome, const QString &message) {
    if (!trace_ || callStartUs_ < 0) return;
    thread_local SpanTexts texts;
    TraceSpan span;
    span.kind = TraceSpan::Kind::Provider;
    span.name = texts.nameOf(provider_->name, request_.model);
    span.startUs = callStartUs_;
    span.durationUs = clock_.nsecsElapsed() / 1000 - callStartUs_;
    span.outcome = outcome;
    span.message = message;
    // Concatenated (QString::arg's parsing was most of a span's cost).
    if (keyIndex_ >= 0 && keyIndex_ < provider_->keys.size()) {
        const QString &key = provider_->keys[keyIndex_].name;
        if (message.isEmpty())
            span.message = texts.keyMessageOf(key);
        else
            span.message = QLatin1String("key ") % key % QLatin1String(": ") % message;
    }
    trace_->spans.append(std::move(span));
    callStartUs_ = -1;
}

void ProviderAttempt::start() {
    callOnce();
}

void ProviderAttempt::cancel() {
    if (!done_) endSpan(QStringLiteral("cancelled"), QStringLiteral("the client went away"));
    done_ = true;
    if (backoff_) backoff_->stop();
    if (call_) call_->cancel();
    call_.reset();
    releaseSlot();
}

void ProviderAttempt::releaseSlot() {
    if (!holdingSlot_) return;
    holdingSlot_ = false;
    worker_->metrics().upstreamInFlight(provider_->name, -1);
    worker_->releaseSlot(provider_->name);
}

bool ProviderAttempt::pickKey(GatewayError *error) {
    const auto &keys = provider_->keys;
    if (keys.isEmpty()) {  // local servers (Ollama, vLLM...) need none
        request_.apiKey.clear();
        request_.key = nullptr;
        return true;
    }
    double total = 0;
    QList<int> candidates;
    for (int i = 0; i < keys.size(); ++i) {
        if (rejectedKeys_.contains(i) || !keys[i].allowsModel(request_.model)) continue;
        if (keys[i].weight <= 0) continue;
        candidates << i;
        total += keys[i].weight;
    }
    if (candidates.isEmpty()) {
        *error = GatewayError::upstream(
            401, QStringLiteral("Provider '%1' has no usable key for model '%2'.")
                     .arg(provider_->name, request_.model));
        error->code = QStringLiteral("no_usable_key");
        return false;
    }
    double pick = QRandomGenerator::global()->generateDouble() * total;
    keyIndex_ = candidates.last();
    for (int i : candidates) {
        pick -= keys[i].weight;
        if (pick < 0) {
            keyIndex_ = i;
            break;
        }
    }
    const KeyConfig &key = keys[keyIndex_];
    request_.apiKey = key.resolve();
    request_.key = &key;
    // An AWS key's identity is in bedrock_key_config, the environment or
    // ~/.aws/credentials (BedrockDialect resolves it); a Vertex key's service
    // account signs in (vertex_key_config.auth_credentials or
    // GOOGLE_APPLICATION_CREDENTIALS): their values may be empty.
    if (request_.apiKey.isEmpty() && provider_->kind != ProviderKind::Bedrock &&
        provider_->kind != ProviderKind::Vertex) {
        *error = GatewayError::upstream(
            401, key.isEnvReference()
                     ? QStringLiteral("Provider '%1' key '%2' reads the environment variable %3, "
                                      "which is not set. Set it and restart Gatehouse.")
                           .arg(provider_->name, key.name, key.envVariable())
                     : QStringLiteral("Provider '%1' key '%2' is empty.")
                           .arg(provider_->name, key.name));
        error->code = QStringLiteral("missing_api_key");
        rejectedKeys_.insert(keyIndex_);
        return false;
    }
    return true;
}

void ProviderAttempt::callOnce() {
    if (done_) return;
    GatewayError error;
    if (!pickKey(&error)) {
        // Another key may still work; otherwise this is the answer.
        bool anotherKey = false;
        for (int i = 0; i < provider_->keys.size(); ++i)
            if (!rejectedKeys_.contains(i) && provider_->keys[i].allowsModel(request_.model))
                anotherKey = true;
        if (anotherKey) return callOnce();
        done_ = true;
        callbacks_.onError(error);
        return;
    }
    std::weak_ptr<ProviderAttempt> weak = shared_from_this();
    auto proceed = [weak] {
        auto self = weak.lock();
        if (!self || self->done_) return;
        self->holdingSlot_ = true;
        self->worker_->metrics().upstreamInFlight(self->provider_->name, +1);
        ++self->attempts_;
        if (self->trace_) self->callStartUs_ = self->clock_.nsecsElapsed() / 1000;
        self->call_ = self->worker_->providerFor(*self->provider_)
                          ->start(self->request_, ProviderCallbacks::to(self));
    };
    if (!worker_->acquireSlot(provider_->name, alive_, proceed, &error)) {
        done_ = true;
        callbacks_.onError(error);
    }
}

void ProviderAttempt::onResponse(const QJsonObject &response, const QByteArray &raw) {
    if (done_) return;
    succeeded();
    callbacks_.onResponse(response, raw);
}

void ProviderAttempt::onChunk(const QJsonObject &chunk) {
    if (done_) return;
    streamStarted_ = true;
    callbacks_.onChunk(chunk);
}

void ProviderAttempt::onChunkText(const QJsonObject &chunk, const QByteArray &text) {
    if (done_) return;
    streamStarted_ = true;
    callbacks_.onChunkText(chunk, text);
}

void ProviderAttempt::onRawEvent(const SseEvent &event) {
    if (done_) return;
    streamStarted_ = true;
    callbacks_.onRawEvent(event);
}

void ProviderAttempt::onStreamEnd(const QJsonObject &usage) {
    if (done_) return;
    succeeded();
    callbacks_.onStreamEnd(usage);
}

void ProviderAttempt::onError(const GatewayError &error) {
    onFailure(error);
}

// The call answered (or its stream ended): the attempt is over.
void ProviderAttempt::succeeded() {
    done_ = true;
    releaseSlot();
    worker_->metrics().upstreamAttempt(provider_->name, QStringLiteral("success"));
    endSpan(QStringLiteral("ok"));
}

void ProviderAttempt::onFailure(const GatewayError &error) {
    if (done_) return;
    releaseSlot();
    worker_->metrics().upstreamAttempt(provider_->name,
                                       error.code.isEmpty() ? QStringLiteral("error") : error.code);
    const bool auth = error.status == 401 || error.status == 403 || error.status == 429;
    const QString failure = QStringLiteral("%1 %2").arg(error.status).arg(error.message);
    if (!streamStarted_) {
        if (auth && keyIndex_ >= 0) {
            rejectedKeys_.insert(keyIndex_);
            bool anotherKey = false;
            for (int i = 0; i < provider_->keys.size(); ++i)
                if (!rejectedKeys_.contains(i) && provider_->keys[i].allowsModel(request_.model))
                    anotherKey = true;
            if (anotherKey) {  // rotation: immediately, with the next key
                endSpan(QStringLiteral("rotate_key"), failure);
                QTimer::singleShot(0, &backoff(), [weak = weak_from_this()] {
                    if (auto s = weak.lock()) s->callOnce();
                });
                return;
            }
            rejectedKeys_.clear();  // every key failed: retrying may use any of them again
        }
        if (isRetryable(error) && retries_ < provider_->network.maxRetries) {
            int delay = backoffMs(retries_, provider_->network.retryBackoffInitialMs,
                                  provider_->network.retryBackoffMaxMs);
            if (error.retryAfterSeconds >= 0)
                delay = qMax(delay, qMin(error.retryAfterSeconds * 1000, 60'000));
            ++retries_;
            endSpan(QStringLiteral("retry"),
                    failure + QStringLiteral(" (retrying in %1 ms)").arg(delay));
            QTimer &timer = backoff();
            timer.disconnect();
            QObject::connect(&timer, &QTimer::timeout, [weak = weak_from_this()] {
                if (auto s = weak.lock()) s->callOnce();
            });
            timer.start(delay);
            return;
        }
    }
    endSpan(QStringLiteral("error"), failure);
    done_ = true;
    callbacks_.onError(error);
}

}  // namespace gatehouse
