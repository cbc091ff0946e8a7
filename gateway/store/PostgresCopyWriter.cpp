#include "PostgresCopyWriter.h"

#include <libpq-fe.h>

namespace gatehouse {

namespace {

QString postgresError(PGconn *connection, const PGresult *result, const QString &what) {
    QByteArray text = result ? QByteArray(PQresultErrorMessage(result)) : QByteArray();
    if (text.trimmed().isEmpty()) text = PQerrorMessage(connection);
    if (text.trimmed().isEmpty()) text = "the connection to the server was lost";
    return QStringLiteral("%1: %2").arg(what, QString::fromUtf8(text).trimmed());
}

// Reads what is left of a command's results, so the connection is ready for the next.
void drainResults(PGconn *connection) {
    while (PGresult *r = PQgetResult(connection)) {
        const bool stuck = PQresultStatus(r) == PGRES_COPY_IN;
        PQclear(r);
        if (stuck) PQputCopyEnd(connection, "abandoned");
        if (PQstatus(connection) == CONNECTION_BAD) break;
    }
}

}  // namespace

// One table's rows in COPY's text format: tab between values, newline after
// a row, \N for NULL, and backslash escapes for backslash, tab, newline and
// carriage return inside a value.
class CopyRowSink : public RowSink {
public:
    void addText(QStringView text) override {
        scratch_.resize(0);
        appendUtf8(scratch_, text);
        addUtf8(scratch_);
    }
    void addUtf8(QByteArrayView utf8) override {
        separate();
        const char *p = utf8.data();
        const char *end = p + utf8.size();
        while (p < end) {
            const char *run = p;
            while (p < end && *p != '\\' && *p != '\t' && *p != '\n' && *p != '\r') ++p;
            data_.append(run, p - run);
            if (p == end) break;
            switch (*p++) {
                case '\\':
                    data_.append("\\\\", 2);
                    break;
                case '\t':
                    data_.append("\\t", 2);
                    break;
                case '\n':
                    data_.append("\\n", 2);
                    break;
                default:
                    data_.append("\\r", 2);
                    break;
            }
        }
    }
    void addInt(qint64 value) override {
        separate();
        char digits[24];
        const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(value));
        data_.append(digits, n);
    }
    void addNull() override {
        separate();
        data_.append("\\N", 2);
    }
    bool endRow(QString *) override {
        data_.append('\n');
        first_ = true;
        return true;
    }

private:
    void separate() {
        if (!first_) data_.append('\t');
        first_ = false;
    }

    QByteArray data_;
    QByteArray scratch_;
    bool first_ = true;
    friend class PostgresCopyWriter;
};

PostgresCopyWriter::PostgresCopyWriter(PGconn *connection) : connection_(connection) {
    for (auto &sink : sinks_) sink = std::make_unique<CopyRowSink>();
}

PostgresCopyWriter::~PostgresCopyWriter() = default;

bool PostgresCopyWriter::run(const char *sql, QString *error, const QString &what) {
    PGresult *r = PQexec(connection_, sql);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) *error = postgresError(connection_, r, what);
    PQclear(r);
    if (!ok) drainResults(connection_);
    return ok;
}

bool PostgresCopyWriter::begin(QString *error) {
    for (auto &sink : sinks_) {
        sink->data_.clear();
        sink->first_ = true;
    }
    return run("BEGIN", error, QStringLiteral("starting a log transaction"));
}

RowSink &PostgresCopyWriter::rows(LogTable table) {
    return *sinks_[size_t(table)];
}

bool PostgresCopyWriter::copy(LogTable table, QString *error) {
    const QByteArray &data = sinks_[size_t(table)]->data_;
    if (data.isEmpty()) return true;
    const QString what = QStringLiteral("writing to %1").arg(LogRows::tableName(table));
    const QByteArray sql =
        QStringLiteral("COPY %1 (%2) FROM STDIN")
            .arg(LogRows::tableName(table), LogRows::columns(table).join(QLatin1Char(',')))
            .toUtf8();
    PGresult *r = PQexec(connection_, sql.constData());
    const bool started = PQresultStatus(r) == PGRES_COPY_IN;
    if (!started) *error = postgresError(connection_, r, what);
    PQclear(r);
    if (!started) {
        drainResults(connection_);
        return false;
    }
    // In slices, so libpq's send buffer stays small.
    constexpr qsizetype kSlice = 1 << 20;
    bool sent = true;
    for (qsizetype at = 0; at < data.size() && sent; at += kSlice)
        sent = PQputCopyData(connection_, data.constData() + at,
                             int(qMin(kSlice, data.size() - at))) == 1;
    if (PQputCopyEnd(connection_, sent ? nullptr : "sending failed") != 1) sent = false;
    r = PQgetResult(connection_);
    const bool ok = sent && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) *error = postgresError(connection_, r, what);
    PQclear(r);
    drainResults(connection_);
    return ok;
}

bool PostgresCopyWriter::commit(QString *error) {
    for (int i = 0; i < kLogTableCount; ++i) {
        if (!copy(LogTable(i), error)) {
            rollback();
            return false;
        }
    }
    if (run("COMMIT", error, QStringLiteral("committing log entries"))) {
        for (auto &sink : sinks_) sink->data_.clear();
        return true;
    }
    rollback();
    return false;
}

void PostgresCopyWriter::rollback() {
    for (auto &sink : sinks_) {
        sink->data_.clear();
        sink->first_ = true;
    }
    if (PQstatus(connection_) == CONNECTION_OK &&
        PQtransactionStatus(connection_) != PQTRANS_IDLE) {
        QString ignored;
        run("ROLLBACK", &ignored, QString());
    }
}

}  // namespace gatehouse
