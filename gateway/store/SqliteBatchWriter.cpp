#include "SqliteBatchWriter.h"

#include "json/ByteAppend.h"

#include <sqlite3.h>
#include <QStringList>
#include <array>
#include <vector>

namespace gatehouse {

namespace {
QString sqliteError(sqlite3 *db, const QString &what) {
    return QStringLiteral("%1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(db)));
}
}  // namespace

// One table's INSERTs: a statement for kRowsPerStatement rows and one for a
// single row (the batch's tail), prepared on first use and kept. Rows are
// gathered (texts copied as UTF-8 into one reused buffer) and bound from
// there when a statement's worth is there (SQLITE_STATIC: SQLite copies
// them into its records as it runs the statement). Several rows per statement matter
// because SQLite's fixed cost per statement run (opening cursors on the
// table and each of its indexes) is about that of inserting one row.
//
// OR ROLLBACK: a row the store refuses ends the whole transaction, which is
// what the writer does with a batch that fails anyway, and it spares
// SQLite the statement journal it otherwise keeps so that a failing
// statement can be undone alone: a copy of every page the statement touches,
// which was 3/4 of all the bytes the writer wrote (25 KB per request
// instead of 6).
class SqliteRowSink : public RowSink {
public:
    static constexpr int kRowsPerStatement = 16;

    SqliteRowSink(sqlite3 *db, LogTable table)
        : db_(db), table_(table), columns_(int(LogRows::columns(table).size())) {}
    ~SqliteRowSink() override {
        for (sqlite3_stmt *s : statements_) sqlite3_finalize(s);
    }

    void addText(QStringView text) override {
        const qsizetype at = texts_.size();
        appendUtf8(texts_, text);
        values_.push_back({Value::Text, 0, at, texts_.size() - at});
    }
    void addUtf8(QByteArrayView utf8) override {
        const qsizetype at = texts_.size();
        appendBytes(texts_, utf8);
        values_.push_back({Value::Text, 0, at, utf8.size()});
    }
    void addBlob(QByteArrayView bytes) override {
        const qsizetype at = texts_.size();
        appendBytes(texts_, bytes);
        values_.push_back({Value::Blob, 0, at, bytes.size()});
    }
    void addInt(qint64 value) override { values_.push_back({Value::Int, value, 0, 0}); }
    void addNull() override { values_.push_back({Value::Null, 0, 0, 0}); }
    bool endRow(QString *error) override {
        Q_ASSERT(values_.size() % size_t(columns_) == 0);  // LogRows gives every column
        if (int(values_.size()) < kRowsPerStatement * columns_) return true;
        return send(error);
    }
    // Sends the rows gathered so far.
    bool send(QString *error) {
        bool ok = true;
        for (int at = 0; ok && at < int(values_.size());) {
            const int rows =
                int(values_.size()) - at >= kRowsPerStatement * columns_ ? kRowsPerStatement : 1;
            ok = run(rows, at, error);
            at += rows * columns_;
        }
        clear();
        return ok;
    }
    void clear() {
        values_.clear();
        texts_.resize(0);  // keeps its capacity for the next rows
    }
    void reset() {
        clear();
        for (sqlite3_stmt *s : statements_)
            if (s) sqlite3_reset(s);
    }

private:
    sqlite3_stmt *statement(int rows, QString *error) {
        sqlite3_stmt *&s = statements_[rows == 1 ? 0 : 1];
        if (s) return s;
        QString one = QStringLiteral("(?");
        for (int i = 1; i < columns_; ++i) one += QStringLiteral(",?");
        one += QLatin1Char(')');
        QStringList values;
        for (int i = 0; i < rows; ++i) values << one;
        const QByteArray sql =
            QStringLiteral("INSERT OR ROLLBACK INTO %1 (%2) VALUES %3")
                .arg(LogRows::tableName(table_), LogRows::columns(table_).join(QLatin1Char(',')),
                     values.join(QLatin1Char(',')))
                .toUtf8();
        if (sqlite3_prepare_v3(db_, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &s,
                               nullptr) != SQLITE_OK) {
            *error = sqliteError(
                db_, QStringLiteral("preparing writes to %1").arg(LogRows::tableName(table_)));
            sqlite3_finalize(s);
            s = nullptr;  // prepared again on the next try
        }
        return s;
    }

    // Binds `rows` rows from values_[first] on and runs the statement.
    bool run(int rows, int first, QString *error) {
        sqlite3_stmt *s = statement(rows, error);
        if (!s) return false;
        const char *texts = texts_.constData();
        for (int i = 0; i < rows * columns_; ++i) {
            const Value &v = values_[size_t(first + i)];
            if (v.kind == Value::Text)
                sqlite3_bind_text(s, i + 1, texts + v.offset, int(v.size), SQLITE_STATIC);
            else if (v.kind == Value::Blob)
                sqlite3_bind_blob(s, i + 1, texts + v.offset, int(v.size), SQLITE_STATIC);
            else if (v.kind == Value::Int)
                sqlite3_bind_int64(s, i + 1, v.number);
            else
                sqlite3_bind_null(s, i + 1);
        }
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc == SQLITE_DONE) return true;
        *error = sqliteError(db_, QStringLiteral("writing to %1").arg(LogRows::tableName(table_)));
        return false;
    }

    struct Value {
        enum Kind { Null, Int, Text, Blob } kind;
        qint64 number;
        qsizetype offset;  // Text, Blob: where in texts_
        qsizetype size;
    };
    sqlite3 *db_;
    LogTable table_;
    int columns_;
    std::array<sqlite3_stmt *, 2> statements_{};  // one row, kRowsPerStatement rows
    std::vector<Value> values_;
    QByteArray texts_;
};

SqliteBatchWriter::SqliteBatchWriter(sqlite3 *db) : db_(db) {
    // SQLite's default page cache (2 MB) is enough: the pages a batch
    // touches are the tails of the tables and indexes (every key the writer
    // inserts grows at its end); at 1.1M stored requests the writer reads
    // 0.08 pages per request from the file with it.
    sqlite3_exec(db_, "PRAGMA cache_size=-2048", nullptr, nullptr, nullptr);  // KiB
    // Checkpoints (copying the write-ahead log into the file, with two
    // fsyncs) every 40 MB rather than SQLite's 4 MB: the tail pages that
    // every batch rewrites are copied once per checkpoint, so the log writes
    // about half the bytes (docs/performance.md, "Request log").
    sqlite3_exec(db_, "PRAGMA wal_autocheckpoint=10000", nullptr, nullptr, nullptr);  // pages
    for (int i = 0; i < kLogTableCount; ++i)
        sinks_[size_t(i)] = std::make_unique<SqliteRowSink>(db_, LogTable(i));
}

SqliteBatchWriter::~SqliteBatchWriter() {
    for (sqlite3_stmt *s : lastBlockId_) sqlite3_finalize(s);
    for (sqlite3_stmt *s : countInRange_) sqlite3_finalize(s);
}

// IMMEDIATE: the write lock from the start, so the block ids newBlockIds
// reads from the table stay free until the commit even with another process
// writing to the same file.
bool SqliteBatchWriter::begin(QString *error) {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) return true;
    *error = sqliteError(db_, QStringLiteral("starting a log transaction"));
    return false;
}

bool SqliteBatchWriter::queryInt(sqlite3_stmt *&statement, LogTable table, const char *sql,
                                 std::initializer_list<qint64> bound, qint64 *value,
                                 QString *error) {
    const QString name = LogRows::tableName(table);
    if (!statement) {
        const QByteArray text = QByteArray(sql).replace("%t", name.toLatin1());
        if (sqlite3_prepare_v3(db_, text.constData(), -1, SQLITE_PREPARE_PERSISTENT, &statement,
                               nullptr) != SQLITE_OK) {
            *error = sqliteError(db_, QStringLiteral("preparing writes to ") + name);
            sqlite3_finalize(statement);
            statement = nullptr;
            return false;
        }
    }
    int i = 0;
    for (qint64 b : bound) sqlite3_bind_int64(statement, ++i, b);
    const int rc = sqlite3_step(statement);
    *value = rc == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0;
    sqlite3_reset(statement);
    if (rc == SQLITE_ROW) return true;
    *error = sqliteError(db_, QStringLiteral("reading ") + name);
    return false;
}

bool SqliteBatchWriter::lastId(LogTable table, qint64 *last, QString *error) {
    return queryInt(lastBlockId_[size_t(table)], table, "SELECT coalesce(max(id), 0) FROM %t", {},
                    last, error);
}

bool SqliteBatchWriter::newBlockIds(LogTable table, int count, std::vector<qint64> *ids,
                                    QString *error) {
    return reserveBlockIds(table, count, 0, ids, error);
}

bool SqliteBatchWriter::reserveBlockIds(LogTable table, int count, qint64 above,
                                        std::vector<qint64> *ids, QString *error) {
    qint64 last = 0;
    if (!lastId(table, &last, error)) return false;
    last = qMax(last, above);
    ids->clear();
    for (int i = 1; i <= count; ++i) ids->push_back(last + i);
    return true;
}

bool SqliteBatchWriter::reservedIdsFree(LogTable table, qint64 first, qint64 last, bool *free,
                                        QString *error) {
    qint64 taken = 0;
    if (!queryInt(countInRange_[size_t(table)], table,
                  "SELECT count(*) FROM %t WHERE id BETWEEN ?1 AND ?2", {first, last}, &taken,
                  error))
        return false;
    *free = taken == 0;
    return true;
}

RowSink &SqliteBatchWriter::rows(LogTable table) {
    return *sinks_[size_t(table)];
}

bool SqliteBatchWriter::commit(QString *error) {
    for (auto &sink : sinks_) {
        if (!sink->send(error)) {
            rollback();
            return false;
        }
    }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return true;
    *error = sqliteError(db_, QStringLiteral("committing log entries"));
    rollback();
    return false;
}

void SqliteBatchWriter::rollback() {
    for (auto &sink : sinks_) sink->reset();
    // Fails harmlessly when SQLite already rolled back on its own (disk full).
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace gatehouse
