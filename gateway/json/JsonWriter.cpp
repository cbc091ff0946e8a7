#include "JsonWriter.h"

#include "json/ByteAppend.h"

#include <QLocale>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gatehouse {

namespace {

// Bytes a JSON string needs for a UTF-16 unit at most: six for an escaped
// control character or lone surrogate (\uXXXX); a surrogate pair's four
// bytes of UTF-8 come from two units.
constexpr qsizetype kMaxBytesPerUnit = 6;
constexpr char kHex[] = "0123456789abcdef";

// Copies the run of plain ASCII units (no '"', '\\' or control character)
// at `p` to `dst`, eight at a time where SSE2 allows: the byte loop cost
// ~13 instructions a character (callgrind), more than all else in writing
// an answer's text. `dst` has room for every unit left and one more byte.
const char16_t *copyPlainRun(const char16_t *p, const char16_t *end, char **dst) {
    char *d = *dst;
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi16(0x20);
    const __m128i ascii = _mm_set1_epi16(0x7f);
    const __m128i quote = _mm_set1_epi16('"');
    const __m128i backslash = _mm_set1_epi16('\\');
    while (end - p >= 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        // Signed compares: units from 0x8000 count as below 0x20, so stop.
        const __m128i stop =
            _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(v, below), _mm_cmpgt_epi16(v, ascii)),
                         _mm_or_si128(_mm_cmpeq_epi16(v, quote), _mm_cmpeq_epi16(v, backslash)));
        // Eight bytes written either way; those past a stop are written over.
        _mm_storel_epi64(reinterpret_cast<__m128i *>(d), _mm_packus_epi16(v, v));
        const int mask = _mm_movemask_epi8(stop);
        if (mask) {
            const int plain = __builtin_ctz(unsigned(mask)) / 2;
            *dst = d + plain;
            return p + plain;
        }
        p += 8;
        d += 8;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') *d++ = char(*p++);
    *dst = d;
    return p;
}

}  // namespace

// Written into room made ahead (a unit's worth of bytes each, grown when an
// escape or non-ASCII text needs more), then cut to what was written: one
// resize or two per string instead of one per run.
void appendJsonString(QByteArray &out, QStringView s) {
    const char16_t *p = s.utf16();
    const char16_t *const end = p + s.size();
    const qsizetype start = out.size();
    out.resize(start + s.size() + 2);
    char *d = out.data() + start;
    // Room for `bytes` more and for every unit after `from` (plus the quote).
    auto makeRoom = [&](qsizetype bytes, const char16_t *from) {
        const qsizetype used = d - out.constData();
        const qsizetype need = used + bytes + (end - from) + 1;
        if (need > out.size()) {
            out.resize(need);
            d = out.data() + used;
        }
    };
    *d++ = '"';
    while (p < end) {
        p = copyPlainRun(p, end, &d);
        if (p == end) break;
        const char16_t c = *p;
        if (c < 0x80) {
            makeRoom(kMaxBytesPerUnit, p + 1);
            *d++ = '\\';
            switch (c) {
                case '"':
                case '\\':
                    *d++ = char(c);
                    break;
                case '\b':
                    *d++ = 'b';
                    break;
                case '\f':
                    *d++ = 'f';
                    break;
                case '\n':
                    *d++ = 'n';
                    break;
                case '\r':
                    *d++ = 'r';
                    break;
                case '\t':
                    *d++ = 't';
                    break;
                default: {
                    const char digits[5] = {'u', '0', '0', kHex[(c >> 4) & 0xf], kHex[c & 0xf]};
                    std::memcpy(d, digits, 5);
                    d += 5;
                }
            }
            ++p;
            continue;
        }
        // Non-ASCII, in UTF-8; a lone surrogate escaped (\udXXX) as Qt's
        // writer does, so the text survives a round trip.
        makeRoom(kMaxBytesPerUnit, p + 1);
        if (QChar::isHighSurrogate(c) && p + 1 < end && QChar::isLowSurrogate(p[1])) {
            const char32_t u = QChar::surrogateToUcs4(c, p[1]);
            *d++ = char(0xF0 | (u >> 18));
            *d++ = char(0x80 | ((u >> 12) & 0x3F));
            *d++ = char(0x80 | ((u >> 6) & 0x3F));
            *d++ = char(0x80 | (u & 0x3F));
            p += 2;
            continue;
        }
        if (QChar::isSurrogate(c)) {
            const char escaped[6] = {
                '\\',         'u', kHex[c >> 12], kHex[(c >> 8) & 0xf], kHex[(c >> 4) & 0xf],
                kHex[c & 0xf]};
            std::memcpy(d, escaped, 6);
            d += 6;
        } else if (c < 0x800) {
            *d++ = char(0xC0 | (c >> 6));
            *d++ = char(0x80 | (c & 0x3F));
        } else {
            *d++ = char(0xE0 | (c >> 12));
            *d++ = char(0x80 | ((c >> 6) & 0x3F));
            *d++ = char(0x80 | (c & 0x3F));
        }
        ++p;
    }
    *d++ = '"';
    out.truncate(d - out.constData());
}

namespace {

void appendString(QByteArray &out, QStringView s) {
    appendJsonString(out, s);
}

void appendNumber(QByteArray &out, double d) {
    if (!std::isfinite(d)) {
        out += "null";  // JSON has no NaN/Infinity; Qt writes null too
        return;
    }
    // Integers that a double holds exactly are written without exponent.
    if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
        out += QByteArray::number(qint64(d));
        return;
    }
    out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

void appendObject(QByteArray &out, const QJsonObject &o);
void appendArray(QByteArray &out, const QJsonArray &a);

void appendValue(QByteArray &out, const QJsonValue &v) {
    switch (v.type()) {
        case QJsonValue::Null:
            out += "null";
            break;
        case QJsonValue::Bool:
            out += v.toBool() ? "true" : "false";
            break;
        case QJsonValue::Double: {
            const QVariant var = v.toVariant();
            if (var.typeId() == QMetaType::LongLong)
                out += QByteArray::number(var.toLongLong());
            else
                appendNumber(out, v.toDouble());
            break;
        }
        case QJsonValue::String:
            appendString(out, v.toString());
            break;
        case QJsonValue::Array:
            appendArray(out, v.toArray());
            break;
        case QJsonValue::Object:
            appendObject(out, v.toObject());
            break;
        case QJsonValue::Undefined:
            break;
    }
}

void appendObject(QByteArray &out, const QJsonObject &o) {
    out += '{';
    bool first = true;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!first) out += ',';
        first = false;
        appendString(out, it.key());
        out += ':';
        appendValue(out, it.value());
    }
    out += '}';
}

void appendArray(QByteArray &out, const QJsonArray &a) {
    out += '[';
    bool first = true;
    for (const QJsonValue &v : a) {
        if (!first) out += ',';
        first = false;
        appendValue(out, v);
    }
    out += ']';
}

}  // namespace

QByteArray toCompactJson(const QJsonObject &object) {
    QByteArray out;
    out.reserve(512);
    appendObject(out, object);
    return out;
}

QByteArray toCompactJson(const QJsonArray &array) {
    QByteArray out;
    out.reserve(512);
    appendArray(out, array);
    return out;
}

void appendCompactJson(QByteArray &out, const QJsonValue &value) {
    appendValue(out, value);
}

}  // namespace gatehouse
