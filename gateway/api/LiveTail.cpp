#include "LiveTail.h"

#include "http/HttpExchange.h"
#include "http/SseParser.h"
#include "json/JsonWriter.h"
#include "trace/TraceJson.h"

#include <QPointer>

namespace gatehouse {

namespace {
constexpr int kPollMs = 200;
constexpr int kHeartbeatPolls = 15000 / kPollMs;

bool statusMatches(const QString &filter, int status) {
    if (filter.isEmpty()) return true;
    if (filter == QLatin1String("error")) return status >= 400;
    if (filter == QLatin1String("ok")) return status < 400;
    if (filter.endsWith(QLatin1String("xx"))) return status / 100 == filter.left(1).toInt();
    return status == filter.toInt();
}
}  // namespace

void LiveTail::start(LiveFeed &feed, std::shared_ptr<HttpExchange> exchange, Filter filter,
                     QObject *worker, const std::atomic<bool> *stopping) {
    auto *tail = new LiveTail(feed, exchange, std::move(filter), stopping);
    tail->setParent(worker);  // goes with the worker if the gateway stops first
    exchange->beginStream(200, "text/event-stream", {});
    exchange->sendChunk(": gatehouse live log\n\n");
    // The tail may be gone first (with its worker, when the gateway stops).
    QPointer<LiveTail> guard(tail);
    exchange->setClientGoneHandler([guard] {
        if (guard) guard->deleteLater();
    });
}

LiveTail::LiveTail(LiveFeed &feed, std::shared_ptr<HttpExchange> exchange, Filter filter,
                   const std::atomic<bool> *stopping)
    : feed_(feed), exchange_(std::move(exchange)), filter_(std::move(filter)), stopping_(stopping) {
    next_ = feed_.nextSeq();  // from now on
    timer_.setInterval(kPollMs);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] { poll(); });
    timer_.start();
}

bool LiveTail::accepts(const RequestTrace &t) const {
    return filter_.requests && (filter_.provider.isEmpty() || t.provider == filter_.provider) &&
           (filter_.model.isEmpty() || t.model == filter_.model) &&
           (filter_.plugin.isEmpty() ||
            t.pluginList().contains(QLatin1Char(',') + filter_.plugin + QLatin1Char(','))) &&
           statusMatches(filter_.status, t.status);
}

bool LiveTail::accepts(const PluginLogLine &l) const {
    return filter_.logs && (filter_.plugin.isEmpty() || l.plugin == filter_.plugin);
}

void LiveTail::poll() {
    if (!exchange_->isClientConnected()) {
        deleteLater();
        return;
    }
    if (stopping_ && *stopping_) {
        exchange_->setClientGoneHandler(nullptr);
        exchange_->endStream();
        timer_.stop();
        deleteLater();
        return;
    }
    // A client that reads slower than requests arrive falls behind in the
    // feed (and is told what it missed) instead of growing our buffers.
    if (exchange_->bytesToWrite() > 4 * 1024 * 1024) return;
    QByteArray out;
    for (;;) {
        LiveFeed::Batch batch = feed_.since(next_, 500);
        next_ = batch.nextSeq;
        if (batch.missed > 0)
            out += formatSseEvent(
                "missed", toCompactJson(QJsonObject{{QStringLiteral("events"), batch.missed}}));
        for (const LiveFeed::Event &e : batch.events) {
            if (e.request && accepts(*e.request))
                out += formatSseEvent("request", toCompactJson(traceSummaryJson(*e.request)));
            else if (e.log && accepts(*e.log))
                out += formatSseEvent("log", toCompactJson(pluginLogLineJson(*e.log)));
        }
        if (batch.events.size() < 500) break;
    }
    if (out.isEmpty() && ++idlePolls_ >= kHeartbeatPolls) out = ": keep-alive\n\n";
    if (out.isEmpty()) return;
    idlePolls_ = 0;
    exchange_->sendChunk(out);
}

}  // namespace gatehouse
