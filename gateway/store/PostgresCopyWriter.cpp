#include "PostgresCopyWriter.h"

#include "json/ByteAppend.h"

#include <libpq-fe.h>
#include <QtEndian>
#include <cstdlib>
#include <utility>
#include <vector>

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

// The column types the sink writes in their binary forms (pg_type's oids).
constexpr unsigned kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kVarchar = 1043, kBytea = 17;

bool isText(unsigned type) {
    return type == kText || type == kVarchar;
}

// COPY's binary format: a signature, flags and header extension length
// (both 0) before the rows; a field count of -1 after them.
constexpr char kBinaryHeader[19] = {'P',  'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n',
                                    '\0', 0,   0,   0,   0,   0,   0,    0,      0};
constexpr char kBinaryTrailer[2] = {'\377', '\377'};

}  // namespace

// One table's rows in COPY's binary format: per row a 16-bit field count,
// per field a 32-bit length (-1: NULL) and the value in its type's binary
// form (integers big-endian, text as UTF-8, bytea as its bytes). The text
// format had the server scan every byte for delimiters and escapes, and
// the bytea blocks went as hex (twice their size, decoded again by the
// server): the binary form cut the server's CPU per logged request by
// about a third (docs/performance.md).
// The sink knows the table's column types (PostgresCopyWriter::begin
// reads them from the server) and writes each value in its column's form.
class CopyRowSink : public RowSink {
public:
    void addText(QStringView text) override {
        const qsizetype at = startValue(isText(type()) || type() == kBytea);
        appendUtf8(data_, text);
        endValue(at);
    }
    void addUtf8(QByteArrayView utf8) override {
        const qsizetype at = startValue(isText(type()) || type() == kBytea);
        appendBytes(data_, utf8);
        endValue(at);
    }
    void addBlob(QByteArrayView bytes) override {
        const qsizetype at = startValue(type() == kBytea);
        appendBytes(data_, bytes);
        endValue(at);
    }
    // In its column's width; a text column gets its decimal digits.
    void addInt(qint64 value) override {
        const unsigned t = type();
        const int width = t == kInt8 ? 8 : t == kInt4 ? 4 : t == kInt2 ? 2 : 0;
        if (width == 0) {
            const qsizetype at = startValue(isText(t));
            appendDecimal(data_, value);
            endValue(at);
            return;
        }
        if (width < 8) {
            const qint64 limit = qint64(1) << (8 * width - 1);
            if (value < -limit || value >= limit) {
                refuse(QStringLiteral("%1 is out of the column's range").arg(value));
                return;
            }
        }
        startField();
        appendBigEndian(width, 4);
        appendBigEndian(value, width);
    }
    void addNull() override {
        startField();
        appendBigEndian(-1, 4);
    }
    bool endRow(QString *error) override {
        if (column_ == 0) rowStart_ = data_.size();  // a row without values
        if (refused_.isEmpty() && column_ != int(types_.size()))
            refused_ =
                QStringLiteral("a row of %1 values for %2 columns").arg(column_).arg(types_.size());
        column_ = 0;
        if (!refused_.isEmpty()) {
            *error = QStringLiteral("writing to %1: %2")
                         .arg(LogRows::tableName(table_), std::exchange(refused_, QString()));
            data_.resize(rowStart_);
            return false;
        }
        // Sent while the next rows are made, so the server works meanwhile.
        return data_.size() < kStreamBytes || writer_->stream(table_, error);
    }

private:
    unsigned type() const { return column_ < int(types_.size()) ? types_[size_t(column_)] : 0; }
    // The row is not written (endRow() says why); the value takes its column.
    void refuse(const QString &why) {
        if (refused_.isEmpty())
            refused_ = QStringLiteral("column %1 (%2)")
                           .arg(column_ < columns_.size() ? columns_[column_] : QString(), why);
        startField();
    }
    // The row's field count, written before its first field.
    void startField() {
        if (column_ == 0) {
            rowStart_ = data_.size();
            appendBigEndian(types_.size(), 2);
        }
        ++column_;
    }
    // A value of variable length: its length is filled in by endValue().
    // Returns where it starts. A refused value is still appended: endRow()
    // drops the whole row.
    qsizetype startValue(bool fits) {
        if (fits)
            startField();
        else
            refuse(QStringLiteral("a value of the wrong type"));
        appendBigEndian(0, 4);
        return data_.size();
    }
    void endValue(qsizetype at) { qToBigEndian(qint32(data_.size() - at), data_.data() + at - 4); }
    // The low `width` bytes of `value`, most significant first.
    void appendBigEndian(qint64 value, int width) {
        char bytes[8];
        qToBigEndian(value, bytes);
        appendBytes(data_, bytes + 8 - width, width);
    }

    static constexpr qsizetype kStreamBytes = 256 * 1024;

    PostgresCopyWriter *writer_ = nullptr;
    LogTable table_ = LogTable::Bodies;
    QStringList columns_;
    std::vector<unsigned> types_;  // the columns' types, in columns_ order
    QByteArray data_;
    int column_ = 0;  // the next value's column
    qsizetype rowStart_ = 0;
    QString refused_;  // why the row being made cannot be written
    friend class PostgresCopyWriter;
};

PostgresCopyWriter::PostgresCopyWriter(PGconn *connection) : connection_(connection) {
    for (int i = 0; i < kLogTableCount; ++i) {
        auto sink = std::make_unique<CopyRowSink>();
        sink->writer_ = this;
        sink->table_ = LogTable(i);
        sink->columns_ = LogRows::columns(LogTable(i));
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
    return (typesKnown_ || readColumnTypes(error)) &&
           run("BEGIN", error, QStringLiteral("starting a log transaction"));
}

// Once per connection: what each log table's columns are, for the rows'
// binary form (a migration could change them, so not written down here).
bool PostgresCopyWriter::readColumnTypes(QString *error) {
    for (auto &sink : sinks_) {
        const QByteArray sql =
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = '" +
            LogRows::tableName(sink->table_).toLatin1() +
            "'::regclass AND attnum > 0 AND NOT attisdropped";
        PGresult *r = PQexec(connection_, sql.constData());
        const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok) {
            *error = postgresError(
                connection_, r,
                QStringLiteral("reading %1's columns").arg(LogRows::tableName(sink->table_)));
            PQclear(r);
            drainResults(connection_);
            return false;
        }
        sink->types_.assign(size_t(sink->columns_.size()), 0);
        for (int row = 0; row < PQntuples(r); ++row) {
            const qsizetype column =
                sink->columns_.indexOf(QString::fromUtf8(PQgetvalue(r, row, 0)));
            if (column >= 0)
                sink->types_[size_t(column)] =
                    unsigned(std::strtoul(PQgetvalue(r, row, 1), nullptr, 10));
        }
        PQclear(r);
        for (qsizetype c = 0; c < sink->columns_.size(); ++c) {
            if (sink->types_[size_t(c)] == 0) {
                *error = QStringLiteral("writing to %1: it has no column %2")
                             .arg(LogRows::tableName(sink->table_), sink->columns_[c]);
                return false;
            }
        }
    }
    typesKnown_ = true;
    return true;
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
        sink->column_ = 0;
        sink->refused_.clear();
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
        QStringLiteral("COPY %1 (%2) FROM STDIN (FORMAT binary)")
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
    if (PQputCopyData(connection_, kBinaryHeader, int(sizeof kBinaryHeader)) != 1) {
        error_ = postgresError(connection_, nullptr, QStringLiteral("writing log entries"));
        return false;
    }
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
    bool ok = PQputCopyData(connection_, kBinaryTrailer, int(sizeof kBinaryTrailer)) == 1 &&
              PQputCopyEnd(connection_, nullptr) == 1;
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
