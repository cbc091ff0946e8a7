#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringEncoder>
#include <QStringView>

namespace gatehouse {

// Where the log writer puts the rows of one table: values are given in the
// table's column order (LogRows::columns), then the row is ended. Each
// backend sends them its fastest way (SQLite: a reused prepared statement
// through the C API; PostgreSQL: COPY) without going through QVariant and
// QSqlQuery, whose per-value cost bounded the write rate.
class RowSink {
public:
    virtual ~RowSink() = default;

    virtual void addText(QStringView text) = 0;
    // UTF-8 text without NUL bytes.
    virtual void addUtf8(QByteArrayView utf8) = 0;
    // Bytes of any value (a BLOB in SQLite, bytea in PostgreSQL).
    virtual void addBlob(QByteArrayView bytes) = 0;
    virtual void addInt(qint64 value) = 0;
    virtual void addNull() = 0;
    // False with the store's reason when the row was refused.
    virtual bool endRow(QString *error) = 0;
};

// Appends `text` as UTF-8 to `out` without a temporary (the sinks turn
// every text value of every row into UTF-8, both databases' encoding).
// Almost every value is short ASCII (ids, names, paths), copied here
// directly: the encoder's set-up cost more than the copy.
inline void appendUtf8(QByteArray &out, QStringView text) {
    const qsizetype at = out.size();
    const qsizetype n = text.size();
    out.resize(at + n);
    char *dst = out.data() + at;
    const char16_t *src = text.utf16();
    // Two loops the compiler vectorizes: is it ASCII, then narrow it.
    char16_t any = 0;
    for (qsizetype i = 0; i < n; ++i) any |= src[i];
    if (any < 0x80) {
        for (qsizetype i = 0; i < n; ++i) dst[i] = char(src[i]);
        return;
    }
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    out.resize(at + encoder.requiredSpace(n));
    char *end = encoder.appendToBuffer(out.data() + at, text);
    out.resize(end - out.constData());
}

}  // namespace gatehouse
