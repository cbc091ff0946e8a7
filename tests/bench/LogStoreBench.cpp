// Log store benchmark (not a test): writes generated requests through the
// real writer thread and measures the rate, then times the list queries the
// panel and /api/logs make. Usage:
//   gatehouse_log_store_bench [--rows 1000000] [--store PATH|postgres://...] [--queries 50]
//                             [--rate 10000] [--paced-seconds 10] [--no-bodies]
//   gatehouse_log_store_bench --legacy-rows 1000000 [--store PATH|postgres://...]
// First loads the store with --rows requests as fast as the writer takes
// them, then offers --rate requests/s for --paced-seconds through a writer
// with the production queue size (so a writer that cannot keep up drops and
// the drop is seen), then times the queries. Prints one line per measurement
// and whether the write target held; docs/performance.md records the results.
// With --legacy-rows, it instead times the migration of a store written
// before request blocks (one row a request in `requests`) into blocks.
#include "store/LogReader.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gatehouse;

namespace {

const char *const kProviders[] = {"openai", "anthropic", "mock", "groq", "ollama"};
const char *const kModels[] = {"gpt-4o", "claude-sonnet", "echo", "llama-3", "qwen"};
const int kStatuses[] = {200, 200, 200, 200, 200, 200, 200, 200, 429, 500};

// A chat request and its answer as a client and a provider send them
// (~300 and ~500 bytes), different for every request.
QByteArray requestBody(qint64 i, const QString &model) {
    return QByteArrayLiteral(R"({"model":")") + model.toUtf8() +
           QByteArrayLiteral(
               R"(","messages":[{"role":"system","content":"You are a helpful assistant."},)"
               R"({"role":"user","content":"Summarise ticket #)") +
           QByteArray::number(i) +
           QByteArrayLiteral(
               R"( in two sentences: the customer cannot log in since the update and the )"
               R"(password reset mail does not arrive."}],"temperature":0.2,"max_tokens":256})");
}

QByteArray responseBody(qint64 i, const QString &model, int prompt, int completion) {
    return QByteArrayLiteral(R"({"id":"chatcmpl-)") + QByteArray::number(i) +
           QByteArrayLiteral(R"(","object":"chat.completion","created":1764100000,"model":")") +
           model.toUtf8() +
           QByteArrayLiteral(
               R"(","choices":[{"index":0,"message":{"role":"assistant","content":"The )"
               R"(customer has been unable to log in since the latest update. The password )"
               R"(reset e-mail is not being delivered, so they cannot recover access on their )"
               R"(own."},"finish_reason":"stop"}],"usage":{"prompt_tokens":)") +
           QByteArray::number(prompt) + QByteArrayLiteral(R"(,"completion_tokens":)") +
           QByteArray::number(completion) + QByteArrayLiteral(R"(,"total_tokens":)") +
           QByteArray::number(prompt + completion) + QByteArrayLiteral("}}");
}

std::shared_ptr<RequestTrace> generated(qint64 i, qint64 startMs, qint64 spanMs, qint64 total,
                                        bool bodies, QRandomGenerator &rng) {
    auto t = std::make_shared<RequestTrace>();
    t->id = QStringLiteral("bench-%1").arg(i);
    t->startedAtMs = startMs + i * spanMs / total;
    t->client = QStringLiteral("127.0.0.1");
    t->endpoint = QStringLiteral("/v1/chat/completions");
    const int p = rng.bounded(5);
    t->provider = QLatin1String(kProviders[p]);
    t->model = QLatin1String(kModels[p]);
    t->status = kStatuses[rng.bounded(10)];
    if (t->status >= 400) t->error = QStringLiteral("upstream returned %1").arg(t->status);
    // One request in five is a coding agent's turn; a session is 40 turns in a row.
    if (i % 5 == 0) {
        t->agent = QStringLiteral("claude-code");
        t->sessionId = QStringLiteral("session-%1").arg(i / 200);
    }
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
    if (bodies) {
        t->requestBody = requestBody(i, t->model);
        if (t->status == 200)
            t->responseBody = responseBody(i, t->model, *t->promptTokens, *t->completionTokens);
        else
            t->responseBody = QByteArrayLiteral(R"({"error":{"message":"upstream returned )") +
                              QByteArray::number(t->status) + QByteArrayLiteral(R"("}})");
    }
    return t;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[size_t(double(v.size() - 1) * p)];
}

// CPU time the log writer thread has had (what a write costs, whatever else
// the machine is doing), from /proc; -1 when not found.
double writerCpuSeconds() {
    QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("gatehouse-log-w"))
            continue;
        QFile sched(tasks.filePath(tid + QStringLiteral("/schedstat")));
        if (!sched.open(QIODevice::ReadOnly)) return -1;
        return sched.readAll().split(' ').value(0).toDouble() / 1e9;
    }
    return -1;
}

// A store as versions before request blocks wrote it (schema 15), `rows`
// requests in `requests`, then the migration that moves them into blocks,
// timed. Returns the exit status.
int timeLegacyConversion(const StoreLocation &where, qint64 rows) {
    StoreConnection c(where, QStringLiteral("legacy-bench"), StoreConnection::Durability::Full);
    QString error;
    if (!c.open(&error) || !StoreSchema::migrate(c, &error, 15)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    // Generated in the database: a row a request, a week of traffic, the
    // providers, models and statuses the other runs use.
    const QString numbers =
        where.isPostgres()
            ? QStringLiteral("SELECT i FROM generate_series(0::bigint, %1) AS n(i)").arg(rows - 1)
            : QStringLiteral(
                  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
                  "WHERE i < %1) SELECT i FROM n")
                  .arg(rows - 1);
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - 7LL * 86'400'000;
    const QString insert =
        QStringLiteral(
            "INSERT INTO requests (id, ts, instance, client, endpoint, provider, model, attempts, "
            "status, error, latency_us, prompt_tokens, total_tokens, cost_nano_usd, cost_note, "
            "agent, session_id, plugins) "
            "SELECT 'legacy-' || i, %1 + i * %2, 'gw', '127.0.0.1', '/v1/chat/completions', "
            "CASE i % 5 WHEN 0 THEN 'openai' WHEN 1 THEN 'anthropic' WHEN 2 THEN 'mock' "
            "WHEN 3 THEN 'groq' ELSE 'ollama' END, "
            "CASE i % 5 WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'claude-sonnet' WHEN 2 THEN 'echo' "
            "WHEN 3 THEN 'llama-3' ELSE 'qwen' END, 1, "
            "CASE WHEN i % 10 = 8 THEN 429 WHEN i % 10 = 9 THEN 500 ELSE 200 END, "
            "CASE WHEN i % 10 >= 8 THEN 'upstream error' ELSE '' END, "
            "20000 + (i * 7919) % 2000000, 20 + i % 400, 60 + i % 900, i % 5000, '', "
            "'', '', '' FROM (%3) AS numbers")
            .arg(startMs)
            .arg(7LL * 86'400'000 / qMax<qint64>(rows, 1))
            .arg(numbers);
    QElapsedTimer clock;
    clock.start();
    QSqlQuery q(c.db());
    if (!q.exec(insert)) {
        std::fprintf(stderr, "%s\n", qPrintable(q.lastError().text()));
        return 1;
    }
    q.finish();
    std::printf("legacy store: %lld requests written in %.2f s\n", (long long)rows,
                clock.nsecsElapsed() / 1e9);
    clock.restart();
    if (!StoreSchema::migrate(c, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    std::printf("conversion into blocks: %lld requests in %.2f s = %.0f/s\n", (long long)rows,
                seconds, double(rows) / qMax(seconds, 1e-9));
    return 0;
}

bool openStore(LogStore &logs) {
    QString error;
    if (logs.open(&error)) return true;
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return false;
}

}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({"rows", "Requests to load before the paced run.", "n", "1000000"});
    cli.addOption(
        {"store", "SQLite path or postgres:// URL (default: a temporary file).", "where"});
    cli.addOption({"queries", "Runs of each query.", "n", "50"});
    cli.addOption({"rate", "Requests/s offered in the paced run (the target).", "n", "10000"});
    cli.addOption({"paced-seconds", "Length of the paced run.", "s", "10"});
    cli.addOption({"no-bodies", "Requests without request and response bodies."});
    cli.addOption({"legacy-rows",
                   "Instead: times the migration of a store of this many requests written "
                   "before request blocks.",
                   "n"});
    cli.process(app);
    const qint64 rows = cli.value("rows").toLongLong();
    const qint64 rate = qMax<qint64>(1, cli.value("rate").toLongLong());
    const qint64 paced = rate * qMax<qint64>(1, cli.value("paced-seconds").toLongLong());
    const bool bodies = !cli.isSet("no-bodies");
    QTemporaryDir dir;
    const QString where =
        cli.isSet("store") ? cli.value("store") : dir.filePath(QStringLiteral("bench.db"));
    LogStore::Options o;
    QString error;
    if (!StoreLocation::fromString(where, &o.location, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    o.maintenanceIntervalMs = 0;
    if (cli.isSet("legacy-rows"))
        return timeLegacyConversion(o.location,
                                    qMax<qint64>(1, cli.value("legacy-rows").toLongLong()));
    QRandomGenerator rng(42);
    const qint64 spanMs = 7LL * 86'400'000;  // a week of traffic
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - spanMs;
    const qint64 total = rows + paced;
    std::printf("log store bench: %s, %s, %d cores, load average %s\n",
                o.location.isPostgres() ? "PostgreSQL" : "SQLite",
                bodies ? "bodies on" : "no bodies", QThread::idealThreadCount(),
                qPrintable(QString::fromLatin1([] {
                               QFile f(QStringLiteral("/proc/loadavg"));
                               return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                           }())
                               .section(QLatin1Char(' '), 0, 2)));

    // Load: as fast as the writer takes them (a big queue, so none is dropped).
    {
        LogStore::Options bulk = o;
        bulk.queueCapacity = 1'000'000;
        bulk.queueMaxBytes = qint64(8) << 30;
        LogStore logs(bulk);
        if (!openStore(logs)) return 1;
        QElapsedTimer clock;
        clock.start();
        for (qint64 i = 0; i < rows; ++i) {
            logs.record(generated(i, startMs, spanMs, total, bodies, rng));
            if (logs.counters().queued > 200'000) logs.flush();  // keep memory bounded
        }
        logs.flush(600'000);
        const auto c = logs.counters();
        const double seconds = clock.nsecsElapsed() / 1e9;
        std::printf(
            "load: %lld requests in %.2f s = %.0f/s (written %lld, dropped %lld); writer thread "
            "%.1f us CPU per request\n",
            (long long)rows, seconds, double(rows) / qMax(seconds, 1e-9), (long long)c.written,
            (long long)c.dropped, writerCpuSeconds() * 1e6 / double(qMax<qint64>(rows, 1)));
    }

    // The target: `rate` requests/s offered for a while through a writer with the
    // production queue, into the loaded store. Offered in 1 ms steps (a sleep, not a
    // spin, so the generator leaves the writer its core).
    bool held = false;
    {
        LogStore logs(o);
        if (!openStore(logs)) return 1;
        QElapsedTimer clock;
        clock.start();
        qint64 offered = 0;
        while (offered < paced) {
            const qint64 due = qMin(paced, clock.nsecsElapsed() * rate / 1'000'000'000);
            for (; offered < due; ++offered)
                logs.record(generated(rows + offered, startMs, spanMs, total, bodies, rng));
            QThread::usleep(1000);
        }
        const double offerSeconds = clock.nsecsElapsed() / 1e9;
        logs.flush(600'000);
        const double seconds = clock.nsecsElapsed() / 1e9;
        const auto c = logs.counters();
        const double cpuUs = writerCpuSeconds() * 1e6 / double(paced);
        const double writtenPerSecond = double(c.written) / seconds;
        // Held: nothing dropped or failed, and everything offered was in the store
        // within a flush interval or so of the offer's end.
        held = c.dropped == 0 && c.failed == 0 && c.written == paced &&
               seconds <= offerSeconds + 0.5 && offerSeconds <= double(paced) / double(rate) * 1.05;
        std::printf(
            "paced: %lld requests offered at %lld/s in %.2f s, all written after %.2f s = "
            "%.0f/s (written %lld, dropped %lld, failed %lld); writer thread %.1f us CPU per "
            "request\n",
            (long long)paced, (long long)rate, offerSeconds, seconds, writtenPerSecond,
            (long long)c.written, (long long)c.dropped, (long long)c.failed, cpuUs);
        std::printf("target %lld writes/s with nothing dropped: %s\n", (long long)rate,
                    held ? "HELD" : "NOT HELD");
    }

    StoreConnection conn(o.location, QStringLiteral("bench"), StoreConnection::Durability::Full);
    if (!conn.open(&error)) return 1;
    for (const char *table :
         {"request_blocks", "request_block_data", "request_bodies", "hook_calls"})
        conn.exec(QStringLiteral("ANALYZE ") + QLatin1String(table), &error);
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
    LogFilter errors;
    errors.status = QStringLiteral("error");
    queries.push_back({"errors, newest 50", errors});
    LogFilter tooMany;
    tooMany.status = QStringLiteral("429");
    tooMany.sinceMs = startMs + spanMs - 86'400'000;
    queries.push_back({"429s of the last day", tooMany});
    LogFilter session;
    session.sessionId = QStringLiteral("session-%1").arg(rows / 400);
    queries.push_back({"one session's turns", session});
    LogFilter page;
    page.provider = QStringLiteral("anthropic");
    page.offset = 5000;
    queries.push_back({"provider, page at offset 5000", page});
    LogFilter text;
    text.text = QStringLiteral("returned 429");
    text.sinceMs = startMs + spanMs - 3'600'000;
    queries.push_back({"text search, last hour", text});
    // Blocks in the order of their slowest request (RequestBlocks.h).
    LogFilter slowest;
    slowest.sortBy = QStringLiteral("latency");
    queries.push_back({"slowest 50 of all", slowest});
    LogFilter slowestDay;
    slowestDay.sortBy = QStringLiteral("latency");
    slowestDay.sinceMs = startMs + spanMs - 86'400'000;
    queries.push_back({"slowest 50 of the last day", slowestDay});
    const int runs = cli.value("queries").toInt();
    for (const Query &q : queries) {
        if (runs <= 0) break;
        std::vector<double> ms;
        LogPage result;
        for (int i = 0; i < runs; ++i) {
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
    return held ? 0 : 3;
}
