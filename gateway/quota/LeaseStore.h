#pragma once

#include <QString>
#include <optional>

namespace gatehouse {

// Where shared counters keep their windows' counts (table shared_counters):
// how much of each window's limit the gateways have claimed between them.
// Each call is one atomic statement, so gateways sharing a store never
// grant the same unit twice. Any thread; calls may block on the store.
class LeaseStore {
public:
    struct Claim {
        qint64 granted = 0;  // what this call claimed
        qint64 claimed = 0;  // the window's total after it, every gateway's claims
    };

    virtual ~LeaseStore() = default;
    // Claims up to `want` of what `limit` leaves in the window (nothing once
    // it is reached; `want` 0 only reads). nullopt with *error when the
    // store cannot be reached.
    virtual std::optional<Claim> claim(const QString &counter, qint64 windowStartMs,
                                       qint64 windowEndMs, qint64 limit, qint64 want,
                                       QString *error) = 0;
    // Adds `delta` whatever the limit: usage learnt after the fact, or
    // (negative) an unused lease given back. Not waited for.
    virtual void adjust(const QString &counter, qint64 windowStartMs, qint64 windowEndMs,
                        qint64 delta) = 0;
};

}  // namespace gatehouse
