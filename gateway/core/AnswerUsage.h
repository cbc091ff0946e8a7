#pragma once

#include "trace/RequestTrace.h"
#include "trace/TokenCounts.h"

#include <QByteArray>
#include <memory>

namespace gatehouse {

class Metrics;
class PriceBook;
struct GatewayConfig;

// What a finished request's answer cost at its model's price, into its
// record (with the provider's context window, for the log writer's
// ContextGuard) and into the spend metrics. A cache hit cost nothing; what
// it saved is what the provider would have charged.
void priceTrace(RequestTrace &t, const TokenCounts &tokens, const GatewayConfig &config,
                const PriceBook &prices, Metrics &metrics);

// A passed-through answer's usage, read and priced when the record is
// first read (RequestTrace::settle) rather than on the request's worker:
// the answer is kept (shared, not copied) with the config, prices and
// metrics the request had.
class AnswerUsage final : public DeferredUsage {
public:
    AnswerUsage(QByteArray answer, bool priced, std::shared_ptr<const GatewayConfig> config,
                std::shared_ptr<const PriceBook> prices, std::shared_ptr<Metrics> metrics);
    void settle(RequestTrace &trace) const override;
    qint64 heldBytes(const RequestTrace &trace) const override;

private:
    mutable QByteArray answer_;  // let go once settled
    bool priced_;                // answered by a target (else only its tokens count)
    std::shared_ptr<const GatewayConfig> config_;
    std::shared_ptr<const PriceBook> prices_;
    std::shared_ptr<Metrics> metrics_;
};

}  // namespace gatehouse
