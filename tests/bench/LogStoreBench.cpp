// Log store benchmark (not a test): writes N generated requests through the
// real writer thread and measures the rate, then times the list queries the
// panel and /api/logs make. Usage:
//   gatehouse_log_store_bench [--rows 1000000] [--store PATH|postgres://...] [--queries 50]
// Prints one line per measurement; docs/performance.md records the results.
#include "store/LogReader.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gatehouse;

namespace {

const char *const kProviders[] = {"openai", "anthropic", "mock", "groq", "ollama"};
const char *const kModels[] = {"gpt-4o", "claude-sonnet", "echo", "llama-3", "qwen"};
const int kStatuses[] = {200, 200, 200, 200, 200, 200, 200, 200, 429, 500};

std::shared_ptr<RequestTrace> generated(qint64 i, qint64 startMs, qint64 spanMs,
                                        QRandomGenerator &rng) {
    auto t = std::make_shared<RequestTrace>();
    t->id = QStringLiteral("bench-%1").arg(i);
    t->startedAtMs = startMs + i * spanMs / 1'000'000;
    t->client = QStringLiteral("127.0.0.1");
    t->endpoint = QStringLiteral("/v1/chat/completions");
    const int p = rng.bounded(5);
    t->provider = QLatin1String(kProviders[p]);
    t->model = QLatin1String(kModels[p]);
    t->status = kStatuses[rng.bounded(10)];
    if (t->status >= 400) t->error = QStringLiteral("upstream returned %1").arg(t->status);
    t->latencyUs = 20'000 + rng.bounded(2'000'000);
    t->attempts = 1;
    t->promptTokens = 20 + rng.bounded(500);
    t->completionTokens = 10 + rng.bounded(800);
    t->totalTokens = *t->promptTokens + *t->completionTokens;
    t->spans.append(
        {TraceSpan::Kind::PreHook, QStringLiteral("hello-world"), 5, 2, "continue", {}});
    t->spans.append(
        {TraceSpan::Kind::Provider, t->provider + "/" + t->model, 10, t->latencyUs - 20, "ok", {}});
    t->spans.append({TraceSpan::Kind::PostHook,
                     QStringLiteral("hello-world"),
                     t->latencyUs - 5,
                     2,
                     "continue",
                     {}});
    return t;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[size_t(double(v.size() - 1) * p)];
}

}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({"rows", "Requests to write.", "n", "1000000"});
    cli.addOption(
        {"store", "SQLite path or postgres:// URL (default: a temporary file).", "where"});
    cli.addOption({"queries", "Runs of each query.", "n", "50"});
    cli.process(app);
    const qint64 rows = cli.value("rows").toLongLong();
    QTemporaryDir dir;
    const QString where =
        cli.isSet("store") ? cli.value("store") : dir.filePath(QStringLiteral("bench.db"));
    LogStore::Options o;
    QString error;
    if (!StoreLocation::fromString(where, &o.location, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    o.queueCapacity = 1'000'000;
    o.maintenanceIntervalMs = 0;
    o.contentLogging = false;
    LogStore logs(o);
    if (!logs.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QRandomGenerator rng(42);
    const qint64 spanMs = 7LL * 86'400'000;  // a week of traffic
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - spanMs;

    // Writes: at the offered rate of 10,000/s for 10 s first (the target), then as fast as
    // possible.
    QElapsedTimer clock;
    clock.start();
    const qint64 paced = qMin<qint64>(rows, 100'000);
    for (qint64 i = 0; i < paced; ++i) {
        while (clock.nsecsElapsed() < i * 100'000) {
        }
        logs.record(generated(i, startMs, spanMs, rng));
    }
    logs.flush();
    const double pacedSeconds = clock.nsecsElapsed() / 1e9;
    auto c = logs.counters();
    std::printf(
        "paced writes: %lld requests offered at 10000/s in %.2f s, written %lld, dropped %lld\n",
        (long long)paced, pacedSeconds, (long long)c.written, (long long)c.dropped);
    clock.restart();
    for (qint64 i = paced; i < rows; ++i) {
        logs.record(generated(i, startMs, spanMs, rng));
        if (logs.counters().queued > 500'000) logs.flush();  // keep memory bounded
    }
    logs.flush();
    c = logs.counters();
    const double bulkSeconds = clock.nsecsElapsed() / 1e9;
    std::printf("bulk writes: %lld requests in %.2f s = %.0f/s (written %lld, dropped %lld)\n",
                (long long)(rows - paced), bulkSeconds,
                double(rows - paced) / qMax(bulkSeconds, 1e-9), (long long)c.written,
                (long long)c.dropped);

    StoreConnection conn(o.location, QStringLiteral("bench"), StoreConnection::Durability::Full);
    if (!conn.open(&error)) return 1;
    conn.exec(o.location.isPostgres() ? QStringLiteral("ANALYZE") : QStringLiteral("ANALYZE"),
              &error);
    struct Query {
        const char *name;
        LogFilter filter;
    };
    std::vector<Query> queries;
    LogFilter f;
    f.provider = QStringLiteral("openai");
    f.status = QStringLiteral("500");
    f.sinceMs = startMs + spanMs / 2;
    f.untilMs = startMs + spanMs / 2 + 86'400'000;
    queries.push_back({"provider+status+1 day, 50 rows", f});
    LogFilter newest;
    queries.push_back({"newest 50, no filter", newest});
    LogFilter page;
    page.provider = QStringLiteral("anthropic");
    page.offset = 5000;
    queries.push_back({"provider, page at offset 5000", page});
    LogFilter text;
    text.text = QStringLiteral("returned 429");
    text.sinceMs = startMs + spanMs - 3'600'000;
    queries.push_back({"text search, last hour", text});
    for (const Query &q : queries) {
        std::vector<double> ms;
        LogPage result;
        for (int i = 0; i < cli.value("queries").toInt(); ++i) {
            QElapsedTimer t;
            t.start();
            if (!LogReader::list(conn, q.filter, &result, &error)) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
        std::printf("query %-34s rows %3lld of %8lld: median %7.2f ms, p95 %7.2f ms\n", q.name,
                    (long long)result.rows.size(), (long long)result.total, percentile(ms, 0.5),
                    percentile(ms, 0.95));
    }
    return 0;
}
