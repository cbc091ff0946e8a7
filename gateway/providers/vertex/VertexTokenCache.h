#pragma once

#include "ServiceAccount.h"
#include "http/GatewayError.h"
#include "threading/QueuedDelivery.h"

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gatehouse {

class UpstreamClient;

// One service account's access token, shared by every worker thread.
//
// acquire() hands out the cached token at once while it is fresh. When it
// nears expiry (inside refreshMargin) it is still handed out while one
// refresh runs in the background; once it is too close to expiry (or there
// is none) callers wait for that one refresh (no burst of exchanges when a
// token runs out under load). The refresh runs on the thread that found it
// was needed, through that thread's UpstreamClient; answers reach each
// waiter on its own thread, posted to its `context` object, and are dropped
// if that object is gone. A failed exchange fails the waiting callers and
// is not cached: the next request tries again.
class VertexTokenCache {
public:
    using Done = std::function<void(const QString &token, const GatewayError &error)>;

    explicit VertexTokenCache(ServiceAccount account);

    // The cache of the account with this client_email, token_uri and key id
    // (made on first use); one per account for the whole process while
    // anyone holds it. The registry keeps no cache alive itself: an account
    // no worker uses any more is forgotten.
    static std::shared_ptr<VertexTokenCache> forAccount(const ServiceAccount &account);
    // Accounts whose caches are still held (forgotten ones are swept).
    static int registeredAccounts();

    // Calls `done` on `context`'s thread: synchronously when a usable token
    // is cached, else once the refresh it waits for ends. `client` must
    // live on the calling thread.
    void acquire(UpstreamClient *client, QObject *context, Done done);

    const ServiceAccount &account() const { return account_; }
    int exchanges() const;  // token requests sent so far

private:
    struct Waiter {
        std::unique_ptr<QueuedDelivery> reply;  // to the context's thread
        Done done;
    };
    void refresh(UpstreamClient *client);
    void finish(const QString &token, qint64 lifetimeMs, qint64 sentAtMs,
                const GatewayError &error);

    const ServiceAccount account_;
    mutable std::mutex mutex_;
    QString token_;
    qint64 expiresAtMs_ = 0;
    qint64 lifetimeMs_ = 0;
    bool refreshing_ = false;
    qint64 refreshStartedMs_ = 0;
    int exchanges_ = 0;
    std::vector<Waiter> waiters_;
};

}  // namespace gatehouse
