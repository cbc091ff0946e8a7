#include "UpstreamClient.h"

#include "SameUrl.h"
#include "UpstreamCallState.h"
#include "UpstreamConnection.h"

#include <algorithm>

namespace gatehouse {

const QString &UpstreamClient::poolKeyFor(const QUrl &url) {
    if (lastPoolKey_.isEmpty() || !sameUrl(url, lastUrl_)) {
        const bool tls = url.scheme() == QLatin1String("https");
        lastPoolKey_ = QStringLiteral("%1://%2:%3")
                           .arg(url.scheme(), url.host())
                           .arg(url.port(tls ? 443 : 80));
        lastUrl_ = url;
    }
    return lastPoolKey_;
}

void UpstreamCall::cancel() {
    if (!state_ || state_->cancelled || state_->finished) return;
    state_->cancelled = true;
    if (state_->connection) state_->connection->abandon();
}

UpstreamClient::UpstreamClient(QObject *parent) : QObject(parent) {}

UpstreamClient::~UpstreamClient() {
    // Connections are children and die with us; make sure they do not call back.
    for (auto *c : findChildren<UpstreamConnection *>()) c->disconnect();
}

int UpstreamClient::openConnections() const {
    int n = 0;
    for (const auto &p : pools_) n += p.open;
    return n;
}

std::shared_ptr<UpstreamCall> UpstreamClient::sendOwned(
    UpstreamRequest request, std::shared_ptr<UpstreamListener> listener) {
    auto call = send(std::move(request), listener);
    call->state_->ownedListener = std::move(listener);
    return call;
}

std::shared_ptr<UpstreamCall> UpstreamClient::send(UpstreamRequest request,
                                                   std::weak_ptr<UpstreamListener> listener) {
    auto state = std::make_shared<UpstreamCallState>();
    state->poolKey = poolKeyFor(request.url);
    state->request = std::move(request);
    state->listener = std::move(listener);
    const QString scheme = state->request.url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        // Report asynchronously like every other outcome, so callers have one code path.
        QMetaObject::invokeMethod(
            this,
            [state] {
                if (state->cancelled) return;
                state->finished = true;
                state->error({UpstreamError::Kind::ConnectFailed,
                              QStringLiteral("unsupported URL '%1': only http:// and https:// work")
                                  .arg(state->request.url.toString())});
            },
            Qt::QueuedConnection);
        return std::make_shared<UpstreamCall>(state);
    }
    pools_[state->poolKey].waiting.push_back(state);
    dispatch(state->poolKey);
    return std::make_shared<UpstreamCall>(state);
}

void UpstreamClient::dispatch(const QString &key) {
    auto it = pools_.find(key);
    if (it == pools_.end()) return;
    Pool &pool = it.value();
    while (!pool.waiting.empty()) {
        auto call = pool.waiting.front();
        if (call->cancelled) {
            pool.waiting.pop_front();
            continue;
        }
        UpstreamConnection *connection = nullptr;
        // A request retried after a stale keep-alive failure gets a fresh connection.
        if (!pool.idle.empty() && !call->retriedStale) {
            connection = pool.idle.back();  // most recently used: least likely to be stale
            pool.idle.pop_back();
        }
        if (!connection) {
            if (pool.open >= maxPerHost_) return;  // wait for a connection to free up
            connection = new UpstreamConnection(this, key, call->request.url);
            ++pool.open;
        }
        pool.waiting.pop_front();
        connection->start(call);
    }
}

void UpstreamClient::connectionIdle(UpstreamConnection *connection) {
    Pool &pool = pools_[connection->poolKey()];
    pool.idle.push_back(connection);
    if (!pool.waiting.empty())
        QMetaObject::invokeMethod(
            this, [this, k = connection->poolKey()] { dispatch(k); }, Qt::QueuedConnection);
}

void UpstreamClient::connectionClosed(UpstreamConnection *connection) {
    Pool &pool = pools_[connection->poolKey()];
    --pool.open;
    auto &idle = pool.idle;
    idle.erase(std::remove(idle.begin(), idle.end(), connection), idle.end());
    if (!pool.waiting.empty())
        QMetaObject::invokeMethod(
            this, [this, k = connection->poolKey()] { dispatch(k); }, Qt::QueuedConnection);
}

}  // namespace gatehouse
