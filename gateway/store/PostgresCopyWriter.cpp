#include "PostgresCopyWriter.h"

#include "json/ByteAppend.h"

#include <libpq-fe.h>
#include <algorithm>
#include <cstdlib>

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
    // Converted straight into the rows; only a value with a character COPY
    // escapes (rare: messages, errors) is converted again, escaped.
    void addText(QStringView text) override {
        separate();
        const qsizetype at = data_.size();
        appendUtf8(data_, text);
        const char *begin = data_.constData() + at;
        const char *end = data_.constData() + data_.size();
        if (std::find_if(begin, end, needsEscape) == end) return;
        data_.resize(at);
        scratch_.resize(0);
        appendUtf8(scratch_, text);
        appendEscaped(scratch_);
    }
    void addUtf8(QByteArrayView utf8) override {
        separate();
        appendEscaped(utf8);
    }
    // bytea's hex form, its backslash doubled for COPY's text format.
    void addBlob(QByteArrayView bytes) override {
        separate();
        static constexpr char kHex[] = "0123456789abcdef";
        const qsizetype at = data_.size();
        data_.resize(at + 3 + 2 * bytes.size());
        char *out = data_.data() + at;
        *out++ = '\\';
        *out++ = '\\';
        *out++ = 'x';
        for (const char c : bytes) {
            *out++ = kHex[(uchar(c) >> 4) & 0xf];
            *out++ = kHex[uchar(c) & 0xf];
        }
    }
    // Not snprintf: its format parsing cost more than the rest of an
    // integer's way into the rows.
    void addInt(qint64 value) override {
        separate();
        appendDecimal(data_, value);
    }
    void addNull() override {
        separate();
        appendBytes(data_, "\\N", 2);
    }
    bool endRow(QString *error) override {
        data_.append('\n');
        first_ = true;
        // Sent while the next rows are made, so the server works meanwhile.
        return data_.size() < kStreamBytes || writer_->stream(table_, error);
    }

private:
    static bool needsEscape(char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; }

    void appendEscaped(QByteArrayView utf8) {
        const char *p = utf8.data();
        const char *end = p + utf8.size();
        while (p < end) {
            const char *run = p;
            while (p < end && *p != '\\' && *p != '\t' && *p != '\n' && *p != '\r') ++p;
            appendBytes(data_, run, p - run);
            if (p == end) break;
            switch (*p++) {
                case '\\':
                    appendBytes(data_, "\\\\", 2);
                    break;
                case '\t':
                    appendBytes(data_, "\\t", 2);
                    break;
                case '\n':
                    appendBytes(data_, "\\n", 2);
                    break;
                default:
                    appendBytes(data_, "\\r", 2);
                    break;
            }
        }
    }
    void separate() {
        if (!first_) data_.append('\t');
        first_ = false;
    }

    static constexpr qsizetype kStreamBytes = 256 * 1024;

    PostgresCopyWriter *writer_ = nullptr;
    LogTable table_ = LogTable::Bodies;
    QByteArray data_;
    QByteArray scratch_;
    bool first_ = true;
    friend class PostgresCopyWriter;
};

PostgresCopyWriter::PostgresCopyWriter(PGconn *connection) : connection_(connection) {
    for (int i = 0; i < kLogTableCount; ++i) {
        auto sink = std::make_unique<CopyRowSink>();
        sink->writer_ = this;
        sink->table_ = LogTable(i);
        sinks_[size_t(i)] = std::move(sink);
    }
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
    clear();
    return run("BEGIN", error, QStringLiteral("starting a log transaction"));
}

bool PostgresCopyWriter::newBlockIds(LogTable table, int count, std::vector<qint64> *ids,
                                     QString *error) {
    const QByteArray sql = "SELECT nextval('" + LogRows::tableName(table).toLatin1() +
                           "_id') FROM generate_series(1, " + QByteArray::number(count) + ")";
    PGresult *r = PQexec(connection_, sql.constData());
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == count;
    if (ok) {
        ids->clear();
        for (int i = 0; i < count; ++i)
            ids->push_back(std::strtoll(PQgetvalue(r, i, 0), nullptr, 10));
    } else {
        *error =
            postgresError(connection_, r, QStringLiteral("numbering ") + LogRows::tableName(table));
    }
    PQclear(r);
    if (!ok) drainResults(connection_);
    return ok;
}

void PostgresCopyWriter::clear() {
    for (auto &sink : sinks_) {
        sink->data_.clear();
        sink->first_ = true;
    }
    error_.clear();
}

RowSink &PostgresCopyWriter::rows(LogTable table) {
    return *sinks_[size_t(table)];
}

// One COPY at a time on a connection: another table's rows end the open
// one, after what is left of its rows.
bool PostgresCopyWriter::stream(LogTable table, QString *error) {
    if (!error_.isEmpty()) {
        *error = error_;
        return false;
    }
    bool ok =
        open_ == int(table) ||
        ((open_ < 0 || (send(sinks_[size_t(open_)]->data_) && endCopy())) && startCopy(table));
    ok = ok && send(sinks_[size_t(table)]->data_);
    if (!ok) *error = error_;
    return ok;
}

bool PostgresCopyWriter::startCopy(LogTable table) {
    const QByteArray sql =
        QStringLiteral("COPY %1 (%2) FROM STDIN")
            .arg(LogRows::tableName(table), LogRows::columns(table).join(QLatin1Char(',')))
            .toUtf8();
    PGresult *r = PQexec(connection_, sql.constData());
    const bool started = PQresultStatus(r) == PGRES_COPY_IN;
    if (!started)
        error_ = postgresError(connection_, r,
                               QStringLiteral("writing to %1").arg(LogRows::tableName(table)));
    PQclear(r);
    if (!started) {
        drainResults(connection_);
        return false;
    }
    open_ = int(table);
    return true;
}

// Sends the open COPY's rows made so far, in slices so libpq's send buffer stays small.
bool PostgresCopyWriter::send(QByteArray &data) {
    constexpr qsizetype kSlice = 1 << 20;
    for (qsizetype at = 0; at < data.size(); at += kSlice) {
        if (PQputCopyData(connection_, data.constData() + at,
                          int(qMin(kSlice, data.size() - at))) != 1) {
            error_ = postgresError(connection_, nullptr, QStringLiteral("writing log entries"));
            return false;
        }
    }
    data.clear();
    return true;
}

// Ends the open COPY: the server says now whether it took the rows.
bool PostgresCopyWriter::endCopy() {
    const QString what = QStringLiteral("writing to %1").arg(LogRows::tableName(LogTable(open_)));
    open_ = -1;
    bool ok = PQputCopyEnd(connection_, nullptr) == 1;
    PGresult *r = PQgetResult(connection_);
    ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) error_ = postgresError(connection_, r, what);
    PQclear(r);
    drainResults(connection_);
    return ok;
}

bool PostgresCopyWriter::commit(QString *error) {
    bool ok = true;
    for (int i = 0; ok && i < kLogTableCount; ++i)
        if (!sinks_[size_t(i)]->data_.isEmpty()) ok = stream(LogTable(i), error);
    if (ok && open_ >= 0 && !endCopy()) {
        *error = error_;
        ok = false;
    }
    if (ok && run("COMMIT", error, QStringLiteral("committing log entries"))) {
        clear();
        return true;
    }
    rollback();
    return false;
}

void PostgresCopyWriter::rollback() {
    if (open_ >= 0) {
        open_ = -1;
        PQputCopyEnd(connection_, "log batch abandoned");
        drainResults(connection_);
    }
    clear();
    if (PQstatus(connection_) == CONNECTION_OK &&
        PQtransactionStatus(connection_) != PQTRANS_IDLE) {
        QString ignored;
        run("ROLLBACK", &ignored, QString());
    }
}

}  // namespace gatehouse
