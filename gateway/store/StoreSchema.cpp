#include "StoreSchema.h"

#include "LegacyRequests.h"
#include "StoreConnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <cstring>
#include <vector>

namespace gatehouse {

namespace {

// Written once for both databases; {serial}, {bigint}, {blob} and
// {without_rowid} differ between them; a statement marked {pg} runs on PostgreSQL only.
struct Migration {
    int version;
    const char *what;
    std::vector<const char *> statements;
    // Run after the statements, in the same transaction: what SQL alone
    // cannot do (re-encoding rows).
    bool (*then)(StoreConnection &, QString *) = nullptr;
};

const std::vector<Migration> &migrations() {
    static const std::vector<Migration> all = {
        {1,
         "request traces and hook calls",
         {
             // One row per request. Listing reads only this table; bodies and
             // spans live in request_content so a list query never touches them.
             "CREATE TABLE requests ("
             " seq {serial},"
             " id TEXT NOT NULL UNIQUE,"
             " ts {bigint} NOT NULL,"  // start, ms since the epoch (UTC)
             " instance TEXT NOT NULL DEFAULT '',"
             " client TEXT NOT NULL DEFAULT '',"
             " endpoint TEXT NOT NULL DEFAULT '',"
             " provider TEXT NOT NULL DEFAULT '',"
             " model TEXT NOT NULL DEFAULT '',"
             " attempts INTEGER NOT NULL DEFAULT 0,"
             " fallback_index INTEGER NOT NULL DEFAULT 0,"
             " status INTEGER NOT NULL,"
             " error TEXT NOT NULL DEFAULT '',"
             " latency_us {bigint} NOT NULL DEFAULT 0,"
             " ttft_us {bigint},"
             " stream INTEGER NOT NULL DEFAULT 0,"
             " prompt_tokens INTEGER,"
             " completion_tokens INTEGER,"
             " total_tokens INTEGER,"
             " cache_hit INTEGER NOT NULL DEFAULT 0,"
             " virtual_key TEXT NOT NULL DEFAULT '',"
             " plugins TEXT NOT NULL DEFAULT '')",  // ",a,b," of the plugins with spans
             "CREATE INDEX requests_ts ON requests (ts)",
             "CREATE INDEX requests_provider_status_ts ON requests (provider, status, ts)",
             "CREATE INDEX requests_provider_ts ON requests (provider, ts)",
             "CREATE INDEX requests_status_ts ON requests (status, ts)",
             "CREATE INDEX requests_model_ts ON requests (model, ts)",
             "CREATE INDEX requests_latency ON requests (latency_us)",
             "CREATE TABLE request_content ("
             " request_id TEXT PRIMARY KEY,"
             " spans TEXT NOT NULL DEFAULT '[]',"
             " request_body TEXT,"
             " response_body TEXT,"
             " request_truncated INTEGER NOT NULL DEFAULT 0,"
             " response_truncated INTEGER NOT NULL DEFAULT 0)",
             // Every hook invocation and every plugin log line.
             "CREATE TABLE hook_calls ("
             " seq {serial},"
             " ts {bigint} NOT NULL,"
             " request_id TEXT NOT NULL DEFAULT '',"
             " plugin TEXT NOT NULL,"
             " hook TEXT NOT NULL DEFAULT '',"
             " kind TEXT NOT NULL,"  // call | log
             " level TEXT NOT NULL DEFAULT '',"
             " outcome TEXT NOT NULL DEFAULT '',"
             " message TEXT NOT NULL DEFAULT '',"
             " duration_us {bigint} NOT NULL DEFAULT 0)",
             "CREATE INDEX hook_calls_ts ON hook_calls (ts)",
             "CREATE INDEX hook_calls_plugin_ts ON hook_calls (plugin, ts)",
             "CREATE INDEX hook_calls_request ON hook_calls (request_id)",
         }},
        {2,
         "config: providers, plugins, client settings",
         {
             // Bumped in the same transaction as every config change, so
             // instances sharing the store notice a change by polling it.
             "CREATE TABLE config_revision (id INTEGER PRIMARY KEY, revision {bigint} NOT NULL)",
             "INSERT INTO config_revision (id, revision) VALUES (1, 0)",
             // source: file | api | default. file_hash: config.json's version
             // of the item when last seeded. deleted: removed through the API
             // (kept so the file does not bring it back unchanged).
             "CREATE TABLE config_providers ("
             " name TEXT PRIMARY KEY,"
             " position INTEGER NOT NULL DEFAULT 0,"
             " value TEXT NOT NULL,"  // the provider's JSON object as in config.json
             " source TEXT NOT NULL,"
             " file_hash TEXT NOT NULL DEFAULT '',"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " updated_at {bigint} NOT NULL DEFAULT 0)",
             "CREATE TABLE config_plugins ("
             " name TEXT PRIMARY KEY,"
             " position INTEGER NOT NULL DEFAULT 0,"  // chain order
             " enabled INTEGER NOT NULL DEFAULT 1,"
             " path TEXT NOT NULL DEFAULT '',"
             " version INTEGER NOT NULL DEFAULT 1,"
             " config TEXT NOT NULL DEFAULT '[{}]',"
             " sha256 TEXT NOT NULL DEFAULT '',"
             " source TEXT NOT NULL,"
             " file_hash TEXT NOT NULL DEFAULT '',"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " updated_at {bigint} NOT NULL DEFAULT 0)",
             "CREATE TABLE config_settings ("  // the "client" section, one row per key
             " name TEXT PRIMARY KEY,"
             " position INTEGER NOT NULL DEFAULT 0,"
             " value TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " file_hash TEXT NOT NULL DEFAULT '',"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " updated_at {bigint} NOT NULL DEFAULT 0)",
         }},
        {3,
         "request bodies in compressed blocks",
         {
             // Bodies and spans of up to 128 requests per row, one zstd frame
             // (store/BodyBlock.h); ts: the newest request's start, for
             // retention. request_content stays for what was logged before.
             "CREATE TABLE request_bodies ("
             " id {bigint} PRIMARY KEY,"
             " ts {bigint} NOT NULL,"
             " data {blob} NOT NULL)",
             "CREATE INDEX request_bodies_ts ON request_bodies (ts)",
             "CREATE SEQUENCE request_bodies_id {pg}",
             "ALTER TABLE requests ADD COLUMN body_block {bigint}",
             // A random key: every insert dirtied a random page of it, so it
             // cost more writes than everything else the log writes
             // (docs/performance.md, "Request log"). Sorting by latency
             // scans instead.
             "DROP INDEX requests_latency",
         }},
        {4,
         "stored Responses-API responses",
         {
             // previous_response_id and GET /v1/responses/{id} after a
             // restart and across instances (store/ResponseStore.h): the
             // conversation so far and the response, each a zstd frame of
             // compact JSON.
             "CREATE TABLE stored_responses ("
             " id TEXT PRIMARY KEY,"
             " created_ms {bigint} NOT NULL,"
             " conversation {blob} NOT NULL,"
             " response {blob} NOT NULL)",
             "CREATE INDEX stored_responses_created ON stored_responses (created_ms)",
         }},
        {5,
         "token kinds and cost per request",
         {
             "ALTER TABLE requests ADD COLUMN cached_tokens {bigint}",
             "ALTER TABLE requests ADD COLUMN cache_write_tokens {bigint}",
             "ALTER TABLE requests ADD COLUMN reasoning_tokens {bigint}",
             // USD in billionths: sums stay exact. Null: unknown (cost_note says why).
             "ALTER TABLE requests ADD COLUMN cost_nano_usd {bigint}",
             "ALTER TABLE requests ADD COLUMN saved_nano_usd {bigint}",
             "ALTER TABLE requests ADD COLUMN cost_note TEXT",
         }},
        {6,
         "shared counters",
         {
             // Plugins' limits and budgets (quota/SqlLeaseStore.h): per
             // counter and calendar window, what the gateways sharing the
             // store have claimed of it; `granted` is what the last claim got.
             "CREATE TABLE shared_counters ("
             " counter TEXT NOT NULL,"
             " window_start {bigint} NOT NULL,"
             " window_end {bigint} NOT NULL,"
             " claimed {bigint} NOT NULL,"
             " granted {bigint} NOT NULL,"
             " PRIMARY KEY (counter, window_start))",
             "CREATE INDEX shared_counters_end ON shared_counters (window_end)",
         }},
        {7,
         "config: price overrides",
         {
             // config.json's "pricing" as edited through the API or the
             // panel: one row, the whole array (its order decides which
             // override wins), with the columns of the other config tables.
             "CREATE TABLE config_pricing ("
             " name TEXT PRIMARY KEY,"
             " position INTEGER NOT NULL DEFAULT 0,"
             " value TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " file_hash TEXT NOT NULL DEFAULT '',"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " updated_at {bigint} NOT NULL DEFAULT 0)",
         }},
        {8,
         "agent sessions",
         {
             // The coding agent and its session a request is a turn of
             // (trace/AgentSession.h): /api/sessions groups by them.
             "ALTER TABLE requests ADD COLUMN agent TEXT NOT NULL DEFAULT ''",
             "ALTER TABLE requests ADD COLUMN session_id TEXT NOT NULL DEFAULT ''",
             "CREATE INDEX requests_session_ts ON requests (session_id, ts)",
         }},
        {9,
         "config: MCP servers",
         {
             // mcp.client_configs[], one row per server, kept like providers
             // (the columns of config_providers, the same rules).
             "CREATE TABLE config_mcp_clients ("
             " name TEXT PRIMARY KEY,"
             " position INTEGER NOT NULL DEFAULT 0,"
             " value TEXT NOT NULL,"  // the client_configs entry's JSON object
             " source TEXT NOT NULL,"
             " file_hash TEXT NOT NULL DEFAULT '',"
             " deleted INTEGER NOT NULL DEFAULT 0,"
             " updated_at {bigint} NOT NULL DEFAULT 0)",
         }},
        {10,
         "prompt-cache reports",
         {
             // A session turn's prompt-cache report (trace/CacheWatch.h):
             // whether it missed what the turn before left cached, and why.
             "ALTER TABLE requests ADD COLUMN cache_report TEXT NOT NULL DEFAULT ''",
             // What the provider's prompt cache saved on the answer.
             "ALTER TABLE requests ADD COLUMN prompt_cache_saved_nano_usd {bigint}",
         }},
        {11,
         "context warnings",
         {
             // Why a request's prompt was likely cut short by the server
             // (trace/ContextGuard.h); empty for the others.
             "ALTER TABLE requests ADD COLUMN context_warning TEXT NOT NULL DEFAULT ''",
         }},
        {12,
         "stored responses in compressed blocks",
         {
             // Up to 128 stored responses per row, one zstd frame
             // (store/ResponseBlock.h); created_ms: when the block was
             // written, for retention. stored_responses stays readable for
             // what was saved before.
             "CREATE TABLE response_blocks ("
             " id {bigint} PRIMARY KEY,"
             " created_ms {bigint} NOT NULL,"
             " data {blob} NOT NULL)",
             "CREATE INDEX response_blocks_created ON response_blocks (created_ms)",
             "CREATE SEQUENCE response_blocks_id {pg}",
             // Which block holds a response. Response ids begin with their
             // creation time, so this grows at its end and retention deletes
             // a range of it.
             "CREATE TABLE stored_response_ids ("
             " id TEXT PRIMARY KEY,"
             " block {bigint} NOT NULL){without_rowid}",
         }},
        {13,
         "request indexes only where they find few rows",
         {
             // Most requests are answered (status < 400) and most are not an
             // agent's session turn, so these indexes hold only the rows a
             // query looks them up for: an OK request without a session adds
             // four index entries instead of seven. LogReader adds the
             // literal conditions (status >= 400, session_id <> '') that let
             // both databases' planners use them with bound parameters.
             "DROP INDEX requests_status_ts",
             "DROP INDEX requests_provider_status_ts",
             "DROP INDEX requests_session_ts",
             // In time order (the log lists newest first), the status only
             // to filter by code without reading the row.
             "CREATE INDEX requests_errors_ts ON requests (ts, status) WHERE status >= 400",
             "CREATE INDEX requests_provider_errors_ts ON requests (provider, ts, status)"
             " WHERE status >= 400",
             "CREATE INDEX requests_session_ts ON requests (session_id, ts) WHERE session_id <> ''",
         }},
        {14,
         "no index on request ids (PostgreSQL)",
         {
             // A request id carries its request's time (trace/LogIds.h), so
             // LogReader finds it through requests_ts. Each index written
             // per request cost PostgreSQL ~1.5-2 µs of its CPU; the ids are
             // unique by construction (time, gateway start, counter).
             // SQLite keeps its index: a UNIQUE constraint's index goes only
             // with the whole table rewritten, and there it costs ~0.3 µs.
             "ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_id_key {pg}",
         }},
        {15,
         "stored responses found by the time in their id",
         {
             // The earliest and latest creation time among a block's
             // response ids (ids begin with it, codecs/responses): a
             // response is looked for in the blocks whose range holds its
             // id's time, instead of through a row of stored_response_ids
             // per response, which cost the store thread about half of a
             // save. NULL in blocks written before; their ids stay in
             // stored_response_ids, as do ids without a time.
             "ALTER TABLE response_blocks ADD COLUMN first_ms {bigint}",
             "ALTER TABLE response_blocks ADD COLUMN last_ms {bigint}",
             "CREATE INDEX response_blocks_first ON response_blocks (first_ms)",
             // The widest block's range bounds how far before an id's time
             // a block holding it can begin (MAX reads the index's end).
             "CREATE INDEX response_blocks_span ON response_blocks ((last_ms - first_ms))",
         }},
        {16,
         "request rows in blocks",
         {
             // Up to 128 requests per block (store/RequestBlocks.h). Its
             // summary: what lets a query pass a block by unread (its time
             // range, its errors, its slowest request and the distinct
             // values it holds, `keys`), a small row a scan of every
             // block's keys reads quickly. Its values, column after column,
             // in request_block_data.
             "CREATE TABLE request_blocks ("
             " id {bigint} PRIMARY KEY,"
             " first_ts {bigint} NOT NULL,"
             " last_ts {bigint} NOT NULL,"
             " rows INTEGER NOT NULL,"
             " errors INTEGER NOT NULL,"
             " max_latency_us {bigint} NOT NULL,"
             " keys TEXT NOT NULL)",
             "CREATE TABLE request_block_data (id {bigint} PRIMARY KEY, data {blob} NOT NULL)",
             "CREATE INDEX request_blocks_last ON request_blocks (last_ts)",
             "CREATE INDEX request_blocks_first ON request_blocks (first_ts)",
             // The slowest requests first reads the blocks in this order.
             "CREATE INDEX request_blocks_latency ON request_blocks (max_latency_us)",
             // The widest block's range bounds how far before a request's
             // time its block can begin (a request found by its id's time).
             "CREATE INDEX request_blocks_span ON request_blocks ((last_ts - first_ts))",
             "CREATE SEQUENCE request_blocks_id {pg}",
         },
         // The requests logged before, into blocks; then their table goes.
         &LegacyRequests::convert},
    };
    return all;
}

QString dialectSql(const char *statement, bool postgres) {
    QString sql = QString::fromLatin1(statement);
    sql.replace(QLatin1String("{serial}"), postgres ? QLatin1String("BIGSERIAL PRIMARY KEY")
                                                    : QLatin1String("INTEGER PRIMARY KEY"));
    sql.replace(QLatin1String("{bigint}"),
                postgres ? QLatin1String("BIGINT") : QLatin1String("INTEGER"));
    sql.replace(QLatin1String("{blob}"), postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    // A table that is only its primary key: one B-tree instead of two on SQLite.
    sql.replace(QLatin1String("{without_rowid}"),
                postgres ? QLatin1String("") : QLatin1String(" WITHOUT ROWID"));
    return sql;
}

// Asked explicitly (not QSqlDatabase::tables()) so a damaged file reports its error.
bool tablesOf(StoreConnection &c, QStringList *tables, QString *error) {
    QSqlQuery q(c.db());
    const QString sql =
        c.isPostgres()
            ? QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            : QStringLiteral(
                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                  "LIKE 'sqlite_%'");
    if (!q.exec(sql)) {
        *error = describeSqlError(QStringLiteral("cannot read the store %1 (Gatehouse leaves it "
                                                 "untouched; move it away to start a new one)")
                                      .arg(c.location().display()),
                                  q.lastError());
        return false;
    }
    while (q.next()) *tables << q.value(0).toString();
    return true;
}

// Holds PostgreSQL's advisory lock for the migration (no-op on SQLite,
// whose write transaction already excludes other writers).
class MigrationLock {
public:
    explicit MigrationLock(StoreConnection &c) : c_(c) {
        if (c_.isPostgres())
            QSqlQuery(c_.db()).exec(QStringLiteral("SELECT pg_advisory_lock(4711001)"));
    }
    ~MigrationLock() {
        if (c_.isPostgres())
            QSqlQuery(c_.db()).exec(QStringLiteral("SELECT pg_advisory_unlock(4711001)"));
    }

private:
    StoreConnection &c_;
};

}  // namespace

namespace StoreSchema {

int latestVersion() {
    return migrations().back().version;
}

int currentVersion(StoreConnection &c, QString *error) {
    QStringList tables;
    if (!tablesOf(c, &tables, error)) return -1;
    if (!tables.contains(QStringLiteral("gatehouse_schema"))) {
        if (tables.isEmpty()) return 0;
        *error = QStringLiteral(
                     "the store %1 already holds tables (%2) but no Gatehouse schema; "
                     "Gatehouse will not write into it. Use an empty database or file.")
                     .arg(c.location().display(), tables.mid(0, 5).join(QStringLiteral(", ")));
        return -1;
    }
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT version FROM gatehouse_schema")) || !q.next()) {
        *error = describeSqlError(QStringLiteral("cannot read the schema version of the store %1")
                                      .arg(c.location().display()),
                                  q.lastError());
        return -1;
    }
    return q.value(0).toInt();
}

bool migrate(StoreConnection &c, QString *error, int upTo) {
    MigrationLock lock(c);
    int version = currentVersion(c, error);
    if (version < 0) return false;
    if (version > latestVersion()) {
        *error = QStringLiteral(
                     "the store %1 was written by a newer Gatehouse (schema version %2; "
                     "this one knows up to %3). It is left untouched: upgrade "
                     "Gatehouse, or pass --store with another location.")
                     .arg(c.location().display())
                     .arg(version)
                     .arg(latestVersion());
        return false;
    }
    const bool pg = c.isPostgres();
    for (const Migration &m : migrations()) {
        if (m.version <= version || m.version > upTo) continue;
        if (!c.db().transaction()) {
            *error = describeSqlError(
                QStringLiteral("cannot start migrating the store %1").arg(c.location().display()),
                c.db().lastError());
            return false;
        }
        QStringList steps;
        if (version == 0)
            steps << QStringLiteral("CREATE TABLE gatehouse_schema (version INTEGER NOT NULL)")
                  << QStringLiteral("INSERT INTO gatehouse_schema (version) VALUES (0)");
        for (const char *s : m.statements) {
            const bool pgOnly = std::strstr(s, "{pg}");
            if (pgOnly && !pg) continue;
            steps << dialectSql(s, pg).remove(QLatin1String(" {pg}"));
        }
        for (const QString &sql : steps) {
            QSqlQuery q(c.db());
            if (!q.exec(sql)) {
                *error =
                    describeSqlError(QStringLiteral("migrating the store %1 to version %2 (%3) "
                                                    "failed; it stays at version %4")
                                         .arg(c.location().display())
                                         .arg(m.version)
                                         .arg(QLatin1String(m.what))
                                         .arg(version),
                                     q.lastError());
                c.db().rollback();
                return false;
            }
        }
        QString failure;
        QSqlQuery bump(c.db());
        if ((m.then && !m.then(c, &failure)) ||
            !bump.exec(QStringLiteral("UPDATE gatehouse_schema SET version = %1").arg(m.version))) {
            if (failure.isEmpty()) failure = describeSqlError(QString(), bump.lastError());
            *error = QStringLiteral(
                         "migrating the store %1 to version %2 (%3) failed; it stays at "
                         "version %4: %5")
                         .arg(c.location().display())
                         .arg(m.version)
                         .arg(QLatin1String(m.what))
                         .arg(version)
                         .arg(failure);
            c.db().rollback();
            return false;
        }
        if (!c.db().commit()) {
            *error = describeSqlError(QStringLiteral("committing the migration of the store %1")
                                          .arg(c.location().display()),
                                      c.db().lastError());
            c.db().rollback();
            return false;
        }
        version = m.version;
    }
    return true;
}

}  // namespace StoreSchema

}  // namespace gatehouse
