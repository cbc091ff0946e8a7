#pragma once

#include <QAtomicInteger>
#include <QString>

namespace gatehouse {

// Ids of logged records ("gh-kxm3a9q1-1f"): a prefix made once from the
// time the sequence starts (base 36, so two runs of the gateway never hand
// out the same id) and a counter. Cheap enough for every request: one
// atomic increment and a short number format. Thread-safe.
class LogIdSequence {
public:
    // `kind` goes between "gh-" and the time ("mcp": "gh-mcp-..."); empty: none.
    explicit LogIdSequence(const char *kind);
    QString next();

private:
    QString prefix_;
    QAtomicInteger<quint64> counter_{0};
};

}  // namespace gatehouse
