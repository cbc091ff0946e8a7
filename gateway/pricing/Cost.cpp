#include "Cost.h"

namespace gatehouse {

namespace {
// Per million tokens; the rate already chosen for the request's prompt size.
double tokens(const std::optional<Price> &price, qint64 count, qint64 promptTokens) {
    if (!price || count <= 0) return 0;
    return price->rateFor(promptTokens) * double(count) / 1e6;
}
}  // namespace

std::optional<CostBreakdown> costBreakdown(const PriceSet &prices, const TokenUsage &usage,
                                           QString *why) {
    auto refuse = [why](const QString &reason) -> std::optional<CostBreakdown> {
        if (why) *why = reason;
        return std::nullopt;
    };
    if (usage.input < 0 || usage.cacheRead < 0 || usage.cacheWrite < 0 || usage.output < 0 ||
        usage.reasoning < 0)
        return refuse(QStringLiteral("negative token counts"));
    if (usage.cacheRead + usage.cacheWrite > usage.input)
        return refuse(QStringLiteral("cached tokens (%1 read, %2 written) exceed the %3 prompt "
                                     "tokens they are part of")
                          .arg(usage.cacheRead)
                          .arg(usage.cacheWrite)
                          .arg(usage.input));
    if (usage.reasoning > usage.output)
        return refuse(QStringLiteral("reasoning tokens (%1) exceed the %2 output tokens they are "
                                     "part of")
                          .arg(usage.reasoning)
                          .arg(usage.output));
    if (const QString broken = prices.inconsistency(); !broken.isEmpty())
        return refuse(QStringLiteral("the model's prices are inconsistent (%1)").arg(broken));
    if (!prices.hasCountedPrice() && !prices.other.isEmpty())
        return refuse(QStringLiteral("the model is priced only by units Gatehouse does not "
                                     "count (%1)")
                          .arg(prices.other.keys().join(QLatin1String(", "))));

    // A count priced more specifically is taken out of its whole, and the
    // rest of the whole pays the whole's price: with a cache-read price,
    // cached tokens pay it and the other prompt tokens the input price;
    // without one, all prompt tokens pay the input price.
    const qint64 cacheRead = prices.cacheRead ? usage.cacheRead : 0;
    const qint64 cacheWrite = prices.cacheWrite ? usage.cacheWrite : 0;
    const qint64 reasoning = prices.outputReasoning ? usage.reasoning : 0;
    const qint64 prompt = usage.input;  // selects the tier of every tiered price

    CostBreakdown cost;
    cost.inputUsd = tokens(prices.input, usage.input - cacheRead - cacheWrite, prompt);
    cost.cacheReadUsd = tokens(prices.cacheRead, cacheRead, prompt);
    cost.cacheWriteUsd = tokens(prices.cacheWrite, cacheWrite, prompt);
    cost.outputUsd = tokens(prices.output, usage.output - reasoning, prompt);
    cost.reasoningUsd = tokens(prices.outputReasoning, reasoning, prompt);
    // requests_kcount is per thousand requests; this is one.
    cost.requestUsd = prices.requests ? prices.requests->rateFor(prompt) / 1e3 : 0;
    cost.totalUsd = cost.inputUsd + cost.cacheReadUsd + cost.cacheWriteUsd + cost.outputUsd +
                    cost.reasoningUsd + cost.requestUsd;
    return cost;
}

std::optional<CostBreakdown> costBreakdown(const ModelPrices &prices, const TokenUsage &usage,
                                           const QDateTime &when, QString *why) {
    if (!when.isValid()) {
        if (why) *why = QStringLiteral("no valid time for the request");
        return std::nullopt;
    }
    if (prices.isEmpty()) {
        if (why) *why = QStringLiteral("no prices");
        return std::nullopt;
    }
    return costBreakdown(prices.at(when), usage, why);
}

std::optional<double> costUsd(const ModelPrices &prices, const TokenUsage &usage,
                              const QDateTime &when, QString *why) {
    const auto cost = costBreakdown(prices, usage, when, why);
    if (!cost) return std::nullopt;
    return cost->totalUsd;
}

}  // namespace gatehouse
