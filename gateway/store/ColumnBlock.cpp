#include "ColumnBlock.h"

#include "json/ByteAppend.h"

#include <cstring>

namespace gatehouse::ColumnBlock {

namespace {

void appendVarint(QByteArray &out, quint64 v) {
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
        buf[n++] = char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    buf[n++] = char(v);
    appendBytes(out, buf, n);
}

quint64 zigzag(qint64 v) {
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

qint64 unzigzag(quint64 v) {
    return qint64(v >> 1) ^ -qint64(v & 1);
}

// Reads a varint at `at` and moves past it; false when the bytes end first
// or it runs longer than 64 bits.
bool readVarint(QByteArrayView bytes, qsizetype &at, quint64 *out) {
    quint64 v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.size()) return false;
        const auto b = static_cast<unsigned char>(bytes[at++]);
        v |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

constexpr qsizetype kShortText = 256;

// FNV-1a: texts here are short; qHash's seeded set-up cost more.
unsigned hashOf(QByteArrayView t) {
    unsigned h = 2166136261u;
    for (char c : t) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

}  // namespace

void Builder::Column::clear() {
    bytes.resize(0);
    previousInt = 0;
    previousText.resize(0);
    remembered.resize(0);
    spans.clear();
    table.fill(0);
}

Builder::Builder(int columns) : columns_(size_t(columns)) {}

Builder::Column &Builder::next() {
    Column &c = columns_[size_t(at_)];
    at_ = at_ + 1 == int(columns_.size()) ? 0 : at_ + 1;
    return c;
}

void Builder::addText(QStringView text) {
    // Most texts are short ASCII: narrowed on the stack, without the
    // scratch buffer's two out-of-line resizes.
    const qsizetype n = text.size();
    if (n <= kShortText) {
        char narrow[kShortText];
        const char16_t *src = text.utf16();
        char16_t any = 0;
        for (qsizetype i = 0; i < n; ++i) any |= src[i];
        if (any < 0x80) {
            for (qsizetype i = 0; i < n; ++i) narrow[i] = char(src[i]);
            addBytes(next(), QByteArrayView(narrow, n));
            return;
        }
    }
    scratch_.resize(0);
    appendUtf8(scratch_, text);
    addBytes(next(), scratch_);
}

void Builder::addUtf8(QByteArrayView utf8) {
    addBytes(next(), utf8);
}

void Builder::addBytes(Column &c, QByteArrayView text) {
    if (text.isEmpty()) {
        appendByte(c.bytes, char(kEmpty));
        return;
    }
    const bool rememberable = text.size() <= kRememberedMax;
    unsigned slot = 0;
    if (rememberable) {
        const unsigned mask = unsigned(c.table.size()) - 1;
        for (slot = hashOf(text) & mask;; slot = (slot + 1) & mask) {
            const int index = c.table[slot] - 1;
            if (index < 0) break;  // not remembered; `slot` is where it would go
            const auto [at, size] = c.spans[size_t(index)];
            if (size == text.size() &&
                std::memcmp(c.remembered.constData() + at, text.data(), size_t(size)) == 0) {
                appendByte(c.bytes, char(kRepeat));
                appendVarint(c.bytes, quint64(index));
                return;
            }
        }
    }
    qsizetype shared = 0;
    const qsizetype most = qMin(text.size(), c.previousText.size());
    while (shared < most && c.previousText[shared] == text[shared]) ++shared;
    appendByte(c.bytes, char(kText));
    appendVarint(c.bytes, quint64(shared));
    appendVarint(c.bytes, quint64(text.size() - shared));
    appendBytes(c.bytes, text.sliced(shared));
    c.previousText.resize(0);
    appendBytes(c.previousText, text);
    if (rememberable && c.spans.size() < size_t(kRemembered)) {
        c.spans.emplace_back(c.remembered.size(), text.size());
        appendBytes(c.remembered, text);
        c.table[slot] = short(c.spans.size());
    }
}

void Builder::addInt(qint64 value) {
    Column &c = next();
    appendByte(c.bytes, char(kInt));
    appendVarint(c.bytes, zigzag(qint64(quint64(value) - quint64(c.previousInt))));
    c.previousInt = value;
}

void Builder::addNull() {
    appendByte(next().bytes, char(kNull));
}

bool Builder::endRow(QString *) {
    Q_ASSERT(at_ == 0);  // every column given
    ++rows_;
    return true;
}

qsizetype Builder::size() const {
    qsizetype n = 16;
    for (const Column &c : columns_) n += c.bytes.size() + 4;
    return n;
}

QByteArray Builder::finish() {
    QByteArray out;
    out.reserve(size());
    out.append(kVersion);
    appendVarint(out, quint64(columns_.size()));
    appendVarint(out, quint64(rows_));
    for (const Column &c : columns_) appendVarint(out, quint64(c.bytes.size()));
    for (Column &c : columns_) {
        appendBytes(out, c.bytes);
        c.clear();
    }
    rows_ = 0;
    at_ = 0;
    return out;
}

bool Reader::open(QByteArrayView block, QString *error) {
    columns_.clear();
    rows_ = 0;
    qsizetype at = 1;
    quint64 columns = 0, rows = 0;
    if (block.isEmpty() || block[0] != kVersion) {
        *error = QStringLiteral("not a block of rows this version of Gatehouse wrote");
        return false;
    }
    if (!readVarint(block, at, &columns) || !readVarint(block, at, &rows) || columns > 4096 ||
        rows > quint64(block.size())) {
        *error = QStringLiteral("a block of rows whose header is damaged");
        return false;
    }
    std::vector<quint64> sizes(columns);
    for (quint64 &size : sizes)
        if (!readVarint(block, at, &size)) {
            *error = QStringLiteral("a block of rows whose header is damaged");
            return false;
        }
    columns_.resize(size_t(columns));
    for (size_t c = 0; c < columns; ++c) {
        if (sizes[c] > quint64(block.size() - at)) {
            *error = QStringLiteral("a block of rows cut short");
            columns_.clear();
            return false;
        }
        columns_[c].bytes = block.sliced(at, qsizetype(sizes[c]));
        at += qsizetype(sizes[c]);
    }
    rows_ = int(rows);
    return true;
}

const Value *Reader::column(int c, QString *error) {
    if (c < 0 || c >= columns()) {
        *error = QStringLiteral("a block of rows with fewer columns than expected");
        return nullptr;
    }
    Column &col = columns_[size_t(c)];
    if (!col.decoded) {
        if (!decode(col, error)) return nullptr;
        col.decoded = true;
    }
    return col.values.data();
}

bool Reader::decode(Column &c, QString *error) {
    auto damaged = [&] {
        *error = QStringLiteral("a block of rows whose values are damaged");
        return false;
    };
    c.values.assign(size_t(rows_), Value());
    c.texts.resize(0);
    std::vector<std::pair<qint32, qint32>> remembered;  // offset and size in c.texts
    qint64 previousInt = 0;
    qint32 previousAt = 0, previousSize = 0;
    const QByteArrayView b = c.bytes;
    qsizetype at = 0;
    for (Value &v : c.values) {
        if (at >= b.size()) return damaged();
        const auto tag = Tag(static_cast<unsigned char>(b[at++]));
        quint64 n = 0, rest = 0;
        v.tag = tag;
        switch (tag) {
            case kNull:
            case kEmpty:
                break;
            case kInt:
                if (!readVarint(b, at, &n)) return damaged();
                previousInt = qint64(quint64(previousInt) + quint64(unzigzag(n)));
                v.integer = previousInt;
                break;
            case kRepeat:
                if (!readVarint(b, at, &n) || n >= remembered.size()) return damaged();
                v.at = remembered[size_t(n)].first;
                v.size = remembered[size_t(n)].second;
                v.tag = kText;
                break;
            case kText: {
                if (!readVarint(b, at, &n) || !readVarint(b, at, &rest) ||
                    n > quint64(previousSize) || rest > quint64(b.size() - at) ||
                    n + rest > 0x7fffffff || c.texts.size() + qsizetype(n + rest) > 0x7fffffff)
                    return damaged();
                const qint32 start = qint32(c.texts.size());
                // The shared prefix is the previous text's start (copied
                // from it before the buffer may move).
                c.texts.resize(start + qsizetype(n + rest));
                std::memmove(c.texts.data() + start, c.texts.constData() + previousAt, size_t(n));
                std::memcpy(c.texts.data() + start + n, b.data() + at, size_t(rest));
                at += qsizetype(rest);
                v.at = start;
                v.size = qint32(n + rest);
                previousAt = v.at;
                previousSize = v.size;
                if (v.size <= kRememberedMax && remembered.size() < size_t(kRemembered))
                    remembered.emplace_back(v.at, v.size);
                break;
            }
            default:
                return damaged();
        }
    }
    if (at != b.size()) return damaged();
    return true;
}

}  // namespace gatehouse::ColumnBlock
