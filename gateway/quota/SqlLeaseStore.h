#pragma once

#include "LeaseStore.h"
#include "store/StoreLocation.h"

#include <atomic>
#include <memory>

namespace gatehouse {

class StoreExecutor;

// LeaseStore on the gateway's store (SQLite or PostgreSQL), on a store
// thread of its own: a claim is one INSERT ... ON CONFLICT DO UPDATE ...
// RETURNING, atomic on both databases; windows that ended over a day ago
// are deleted now and then.
class SqlLeaseStore final : public LeaseStore {
public:
    explicit SqlLeaseStore(StoreLocation location);
    ~SqlLeaseStore() override;  // writes what adjust() queued

    std::optional<Claim> claim(const QString &counter, qint64 windowStartMs, qint64 windowEndMs,
                               qint64 limit, qint64 want, QString *error) override;
    void adjust(const QString &counter, qint64 windowStartMs, qint64 windowEndMs,
                qint64 delta) override;

private:
    // Whether the store answered the last call: while it does not, leases
    // are not given back (that is best effort; a gateway stopping while its
    // store is away must not wait for a connection attempt per counter).
    std::shared_ptr<std::atomic<bool>> reachable_ = std::make_shared<std::atomic<bool>>(true);
    std::unique_ptr<StoreExecutor> executor_;
};

}  // namespace gatehouse
