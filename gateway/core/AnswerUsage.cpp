#include "AnswerUsage.h"

#include "RawAnswerUsage.h"
#include "config/GatewayConfig.h"
#include "metrics/Metrics.h"
#include "pricing/PriceBook.h"
#include "trace/CostNote.h"

namespace gatehouse {

void priceTrace(RequestTrace &t, const TokenCounts &tokens, const GatewayConfig &config,
                const PriceBook &prices, Metrics &metrics) {
    const ProviderConfig *provider = config.provider(t.provider);
    // The window the log writer's ContextGuard checks the prompt against.
    if (provider && provider->kind == ProviderKind::OpenAI)
        t.contextWindow = provider->contextWindowFor(t.model, &t.contextWindowAssumed);
    std::optional<qint64> nano;
    if (provider)
        nano = prices.nanoUsd(*provider, t.model, tokens, &t.costNote);
    else
        t.costNote = CostNote::providerGone();
    if (provider && nano && (tokens.cached.value_or(0) > 0 || tokens.cacheWrite.value_or(0) > 0)) {
        TokenCounts uncached = tokens;  // every input token at the plain input price
        uncached.cached.reset();
        uncached.cacheWrite.reset();
        QString note;
        if (const auto plain = prices.nanoUsd(*provider, t.model, uncached, &note))
            t.promptCacheSavedNanoUsd = *plain - *nano;
    }
    if (t.cacheHit && nano) {
        t.savedNanoUsd = nano;
        nano = 0;
    }
    t.costNanoUsd = nano;
    metrics.spend(t.provider, t.model, tokens, nano);
}

AnswerUsage::AnswerUsage(QByteArray answer, bool priced,
                         std::shared_ptr<const GatewayConfig> config,
                         std::shared_ptr<const PriceBook> prices, std::shared_ptr<Metrics> metrics)
    : answer_(std::move(answer)),
      priced_(priced),
      config_(std::move(config)),
      prices_(std::move(prices)),
      metrics_(std::move(metrics)) {}

void AnswerUsage::settle(RequestTrace &t) const {
    TokenCounts tokens;
    const QByteArray usage = usageJsonInRawAnswer(answer_);
    if (!usage.isEmpty()) tokens = tokenCountsOfJson(usage);
    writeTokens(tokens, &t);
    if (priced_) priceTrace(t, tokens, *config_, *prices_, *metrics_);
    answer_ = QByteArray();
}

qint64 AnswerUsage::heldBytes(const RequestTrace &trace) const {
    return answer_.isSharedWith(trace.responseBody) ? 0 : answer_.size();
}

}  // namespace gatehouse
