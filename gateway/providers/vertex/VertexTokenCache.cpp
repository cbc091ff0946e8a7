#include "VertexTokenCache.h"

#include "ServiceAccountJwt.h"
#include "upstream/UpstreamClient.h"
#include "upstream/WholeAnswer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace gatehouse {

namespace {

// How long a token exchange may take (Google answers in well under a second).
constexpr int kExchangeTimeoutMs = 30'000;

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

// Refresh when less than five minutes are left (half the lifetime for
// short-lived tokens); stop handing a token out when less than a minute (a
// quarter of it) is left, so a request never reaches Google with a token
// that expires on the way.
qint64 refreshMarginMs(qint64 lifetimeMs) {
    return qMin<qint64>(300'000, lifetimeMs / 2);
}
qint64 safetyMarginMs(qint64 lifetimeMs) {
    return qMin<qint64>(60'000, lifetimeMs / 4);
}

QByteArray formEncode(const QByteArray &value) {
    return QUrl::toPercentEncoding(QString::fromLatin1(value));
}

}  // namespace

VertexTokenCache::VertexTokenCache(ServiceAccount account) : account_(std::move(account)) {}

namespace {

struct Registry {
    std::mutex mutex;
    QHash<QString, std::weak_ptr<VertexTokenCache>> caches;

    // Forgets the accounts whose caches nobody holds any more.
    void sweep() {
        for (auto it = caches.begin(); it != caches.end();) {
            if (it->expired())
                it = caches.erase(it);
            else
                ++it;
        }
    }
};

Registry &registry() {
    static Registry instance;
    return instance;
}

}  // namespace

std::shared_ptr<VertexTokenCache> VertexTokenCache::forAccount(const ServiceAccount &account) {
    const QString key = account.clientEmail + QLatin1Char('|') + account.tokenUri +
                        QLatin1Char('|') + account.privateKeyId;
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    if (auto cache = r.caches.value(key).lock()) return cache;
    r.sweep();
    auto cache = std::make_shared<VertexTokenCache>(account);
    r.caches.insert(key, cache);
    return cache;
}

int VertexTokenCache::registeredAccounts() {
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    r.sweep();
    return int(r.caches.size());
}

int VertexTokenCache::exchanges() const {
    std::lock_guard lock(mutex_);
    return exchanges_;
}

void VertexTokenCache::acquire(UpstreamClient *client, QObject *context, Done done) {
    QString token;
    bool startRefresh = false;
    {
        std::lock_guard lock(mutex_);
        const qint64 left = expiresAtMs_ - nowMs();
        const bool usable = !token_.isEmpty() && left > safetyMarginMs(lifetimeMs_);
        if (usable) token = token_;
        if (!usable || left < refreshMarginMs(lifetimeMs_)) {
            if (!usable)
                waiters_.push_back({std::make_unique<QueuedDelivery>(context), std::move(done)});
            // A refresh whose worker went away (a restart) never finishes:
            // after twice the exchange's timeout another one is started.
            const qint64 now = nowMs();
            startRefresh = !refreshing_ || now - refreshStartedMs_ > 2 * kExchangeTimeoutMs;
            if (startRefresh) {
                refreshing_ = true;
                refreshStartedMs_ = now;
            }
        }
    }
    if (startRefresh) refresh(client);
    if (!token.isEmpty()) done(token, GatewayError());
}

void VertexTokenCache::refresh(UpstreamClient *client) {
    const qint64 sentAt = nowMs();
    QString why;
    const QByteArray jwt = signServiceAccountJwt(account_, sentAt / 1000, &why);
    if (jwt.isEmpty()) {
        GatewayError e = GatewayError::upstream(401, why);
        e.code = QStringLiteral("vertex_auth_failed");
        finish({}, 0, sentAt, e);
        return;
    }
    UpstreamRequest request;
    request.method = "POST";
    request.url = QUrl(account_.tokenUri);
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    request.headers.add("Accept", "application/json");
    request.timeoutMs = kExchangeTimeoutMs;
    request.body = "grant_type=" + formEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                   "&assertion=" + formEncode(jwt);
    {
        std::lock_guard lock(mutex_);
        ++exchanges_;
    }
    // The cache outlives the exchange (registry-held).
    const QString who = account_.clientEmail;
    auto failed = [this, sentAt, who](int status, const QString &message) {
        GatewayError e = GatewayError::upstream(
            status, QStringLiteral("Vertex service account %1 could not get an access token: %2")
                        .arg(who, message));
        e.code = QStringLiteral("vertex_auth_failed");
        finish({}, 0, sentAt, e);
    };
    fetchWhole(
        *client, std::move(request), 1024 * 1024,
        [this, failed, sentAt](const WholeAnswer &answer) {
            if (answer.failed) {
                failed(502,
                       QStringLiteral("token endpoint unreachable: %1").arg(answer.error.message));
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(answer.body).object();
            const QString token = o.value(QLatin1String("access_token")).toString();
            const bool ok = answer.status >= 200 && answer.status < 300;
            if (ok && !token.isEmpty()) {
                const qint64 lifetime =
                    qMax<qint64>(1, o.value(QLatin1String("expires_in")).toInteger(3600));
                finish(token, lifetime * 1000, sentAt, GatewayError());
                return;
            }
            // Google's answer: {"error": "invalid_grant", "error_description": "..."}.
            QString message = o.value(QLatin1String("error_description")).toString();
            if (message.isEmpty()) message = o.value(QLatin1String("error")).toString();
            if (message.isEmpty())
                message =
                    ok ? QStringLiteral("the token endpoint answered without access_token")
                       : QStringLiteral("the token endpoint answered HTTP %1").arg(answer.status);
            // A refused grant is the credentials' fault; anything else Google's.
            failed(answer.status >= 400 && answer.status < 500 ? 401 : 502, message);
        });
}

void VertexTokenCache::finish(const QString &token, qint64 lifetimeMs, qint64 sentAtMs,
                              const GatewayError &error) {
    std::vector<Waiter> waiters;
    {
        std::lock_guard lock(mutex_);
        refreshing_ = false;
        if (!token.isEmpty()) {
            token_ = token;
            lifetimeMs_ = lifetimeMs;
            expiresAtMs_ = sentAtMs + lifetimeMs;  // counted from before the request
        }
        waiters.swap(waiters_);
    }
    for (Waiter &w : waiters)
        w.reply->send([done = std::move(w.done), token, error] { done(token, error); });
}

}  // namespace gatehouse
