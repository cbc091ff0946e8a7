// Metrics finds each table's last entry again without a look-up (spend,
// requests, latency, attempts, calls in flight); every key must still add
// up to its own counts, also while new keys keep growing (and rehashing)
// the tables and the keys alternate.
#include <gtest/gtest.h>

#include "metrics/Metrics.h"
#include "trace/TokenCounts.h"

using namespace gatehouse;

TEST(MetricsTables, EveryProviderAndModelAddsUpToItsOwnTotals) {
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

TEST(MetricsTables, RequestsLatencyAttemptsAndCallsInFlightAddUpPerKey) {
    Metrics metrics;
    constexpr int kProviders = 40;
    const QString endpoints[] = {QStringLiteral("/v1/chat/completions"),
                                 QStringLiteral("/v1/responses")};
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < kProviders; ++i) {
            const QString provider = QStringLiteral("p%1").arg(i);
            for (int repeat = 0; repeat < 2; ++repeat) {  // the same keys twice in a row
                metrics.requestStarted();
                metrics.upstreamInFlight(provider, 1);
                metrics.upstreamAttempt(provider, QStringLiteral("ok"));
                metrics.upstreamInFlight(provider, -1);
                metrics.requestFinished(endpoints[i % 2], provider, 200, 0.001 * (i + 1), {});
            }
            metrics.upstreamInFlight(provider, 1);  // one left in flight per round
            metrics.upstreamAttempt(provider, QStringLiteral("error"));
            metrics.requestFinished(endpoints[i % 2], provider, 502, 0.5, {});
        }
    }
    const QByteArray text = metrics.prometheusText();
    for (int i = 0; i < kProviders; ++i) {
        const QByteArray p = "p" + QByteArray::number(i);
        const QByteArray endpoint = endpoints[i % 2].toUtf8();
        for (const auto &[status, count] : {std::pair{200, 6}, {502, 3}})
            EXPECT_TRUE(text.contains("gatehouse_requests_total{endpoint=\"" + endpoint +
                                      "\",provider=\"" + p + "\",status=\"" +
                                      QByteArray::number(status) + "\"} " +
                                      QByteArray::number(count) + "\n"))
                << p.toStdString() << " " << status;
        EXPECT_TRUE(
            text.contains("gatehouse_request_duration_seconds_count{provider=\"" + p + "\"} 9\n"))
            << p.toStdString();
        EXPECT_TRUE(text.contains("gatehouse_upstream_attempts_total{provider=\"" + p +
                                  "\",outcome=\"ok\"} 6\n"))
            << p.toStdString();
        EXPECT_TRUE(text.contains("gatehouse_upstream_attempts_total{provider=\"" + p +
                                  "\",outcome=\"error\"} 3\n"))
            << p.toStdString();
        EXPECT_TRUE(text.contains("gatehouse_upstream_in_flight{provider=\"" + p + "\"} 3\n"))
            << p.toStdString();
    }
    const Metrics::Snapshot snapshot = metrics.snapshot();
    EXPECT_EQ(snapshot.requests, quint64(kProviders * 9));
    EXPECT_EQ(snapshot.upstreamAttempts, quint64(kProviders * 9));
    EXPECT_EQ(snapshot.requestsByProvider.value(QStringLiteral("p7")), 9u);
}
