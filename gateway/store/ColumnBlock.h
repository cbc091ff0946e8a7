#pragma once

#include "RowSink.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <array>
#include <vector>

namespace gatehouse {

// Many rows of one table kept as one value of the store (a "block")
// instead of a row each. A row per request cost the log writer more than
// everything else it does (SQLite's record, its B-tree and index inserts;
// PostgreSQL's COPY parsing and heap insert in the server), while the
// queries over the log read most rows anyway or only a recent few.
//
// The values are laid out a column after another, so a filter decodes only
// the columns it tests, and each column is small by itself:
// - an integer is stored as its difference from the column's previous
//   integer (times in order, counters, small values), a zigzag varint;
// - a text the column already holds is a reference to it (providers,
//   models, endpoints, clients: a few distinct values per block);
// - any other text shares its leading bytes with the column's previous
//   text and stores only the rest (request ids carry their time, session
//   ids repeat a turn after another).
//
// Layout (integers LEB128 varints): a version byte, the column count, the
// row count, each column's byte length, then the columns. A value is a tag
// byte, then: kInt: the zigzag difference; kText: the shared prefix's
// length, the rest's length and the rest; kRepeat: the index of the text
// among the column's remembered ones (the first kRemembered distinct short
// texts, in order of first appearance); kNull and kEmpty: nothing.
namespace ColumnBlock {

enum Tag : unsigned char { kNull = 0, kInt = 1, kEmpty = 2, kText = 3, kRepeat = 4 };
constexpr char kVersion = 1;
constexpr int kRemembered = 128;          // distinct texts a column refers back to
constexpr qsizetype kRememberedMax = 96;  // longest text remembered

// Takes rows in column order (RowSink) and makes one block of them.
class Builder final : public RowSink {
public:
    explicit Builder(int columns);

    void addText(QStringView text) override;
    void addUtf8(QByteArrayView utf8) override;
    void addBlob(QByteArrayView bytes) override { addUtf8(bytes); }
    void addInt(qint64 value) override;
    void addNull() override;
    bool endRow(QString *error) override;

    int rows() const { return rows_; }
    // Bytes of the block so far.
    qsizetype size() const;
    // The block; empties the builder (keeping its buffers) for the next one.
    QByteArray finish();

private:
    struct Column {
        QByteArray bytes;
        qint64 previousInt = 0;
        QByteArray previousText;
        QByteArray remembered;                               // the remembered texts end to end
        std::vector<std::pair<qsizetype, qsizetype>> spans;  // each one's offset and size
        std::array<short, 2 * kRemembered> table{};          // hash -> index + 1
        void clear();
    };
    Column &next();
    void addBytes(Column &c, QByteArrayView text);

    std::vector<Column> columns_;
    int at_ = 0;  // the column the next value goes to
    int rows_ = 0;
    QByteArray scratch_;  // a QStringView's UTF-8
};

// One value of a decoded column. A text's bytes are in the column's own
// buffer (Reader::text).
struct Value {
    qint64 integer = 0;
    qint32 at = 0;
    qint32 size = 0;
    Tag tag = kNull;
    bool isNull() const { return tag == kNull; }
};

// Reads a block; columns are decoded when first asked for. A block that is
// not one this version wrote, or is cut short, is refused with the reason.
class Reader {
public:
    // `block` must outlive the reader's use of it.
    bool open(QByteArrayView block, QString *error);
    int rows() const { return rows_; }
    int columns() const { return int(columns_.size()); }
    // The column's rows() values; null (with `error` set) when its bytes
    // are damaged.
    const Value *column(int c, QString *error);
    QByteArrayView text(int c, const Value &v) const {
        return QByteArrayView(columns_[size_t(c)].texts.constData() + v.at, v.size);
    }

private:
    struct Column {
        QByteArrayView bytes;
        bool decoded = false;
        std::vector<Value> values;
        QByteArray texts;
    };
    bool decode(Column &c, QString *error);
    std::vector<Column> columns_;
    int rows_ = 0;
};

}  // namespace ColumnBlock

}  // namespace gatehouse
