// Metrics::spend finds the totals of the last provider and model again
// without a look-up; every pair must still add up to its own totals, also
// while new pairs keep growing (and rehashing) the table.
#include <gtest/gtest.h>

#include "metrics/Metrics.h"
#include "trace/TokenCounts.h"

using namespace gatehouse;

TEST(MetricsSpend, EveryProviderAndModelAddsUpToItsOwnTotals) {
    Metrics metrics;
    TokenCounts tokens;
    tokens.prompt = 10;
    tokens.completion = 1;
    constexpr int kPairs = 64;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < kPairs; ++i) {
            const QString provider = QStringLiteral("p%1").arg(i % 4);
            const QString model = QStringLiteral("m%1").arg(i);
            metrics.spend(provider, model, tokens, qint64(1000 + i));
            metrics.spend(provider, model, tokens, qint64(1000 + i));  // the same pair again
        }
    }
    const QByteArray text = metrics.prometheusText();
    for (int i = 0; i < kPairs; ++i) {
        const QByteArray labels =
            "provider=\"p" + QByteArray::number(i % 4) + "\",model=\"m" + QByteArray::number(i);
        EXPECT_TRUE(text.contains("gatehouse_tokens_total{" + labels + "\",kind=\"prompt\"} 60\n"))
            << labels.toStdString();
        const QByteArray cost = QByteArray::number(6 * (1000 + i) / 1e9, 'f', 9);
        EXPECT_TRUE(text.contains("gatehouse_cost_usd_total{" + labels + "\"} " + cost + "\n"))
            << labels.toStdString();
    }
}
