// One virtual key's usage: requests and tokens in the last minute, and
// tokens spent against its budget. Locks itself; one per key, so keys never
// wait for each other.
#pragma once

#include "GovernanceConfig.h"
#include "SlidingWindow.h"

#include <gatehouse/plugin.h>

#include <QMutex>
#include <optional>

namespace gatehouse::governance {

class KeyLimiter {
public:
    KeyLimiter(const VirtualKey &key, qint64 nowMs);

    // Checks the budget, then tokens/minute, then requests/minute (the
    // longest wait first: once the budget is spent, waiting a minute does
    // not help) and, if all allow it, counts the request, all under one
    // lock: with a limit of N, exactly N of any number of concurrent
    // requests get through. Otherwise a 429 saying which limit, the usage
    // and when it frees up.
    std::optional<PluginError> admit(qint64 nowMs);

    // Tokens of a finished answer, against tokens/minute and the budget.
    void record(qint64 nowMs, qint64 tokens);

private:
    std::optional<PluginError> overBudgetLocked(qint64 nowMs) const;
    void resetBudgetIfDueLocked(qint64 nowMs);

    const VirtualKey key_;
    QMutex mutex_;
    SlidingWindow requests_{60 * 1000};
    SlidingWindow tokens_{60 * 1000};
    qint64 budgetTokens_ = 0;
    qint64 budgetPeriodStart_;
};

}  // namespace gatehouse::governance
