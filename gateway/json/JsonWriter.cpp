#include "JsonWriter.h"

#include "json/ByteAppend.h"

#include <QLocale>
#include <cmath>

namespace gatehouse {

void appendJsonString(QByteArray &out, QStringView s) {
    appendBytes(out, "\"");
    const char16_t *p = s.utf16();
    const char16_t *end = p + s.size();
    while (p < end) {
        // Runs of plain ASCII are copied in one go.
        const char16_t *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') ++p;
        if (p > run) {
            const qsizetype n = p - run;
            const qsizetype at = out.size();
            out.resize(at + n);
            char *dst = out.data() + at;
            for (qsizetype i = 0; i < n; ++i) dst[i] = char(run[i]);
        }
        if (p == end) break;
        const char16_t c = *p;
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default: {
                    static const char hex[] = "0123456789abcdef";
                    char buf[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
                    out.append(buf, 6);
                }
            }
            ++p;
            continue;
        }
        // Non-ASCII: convert the run up to the next ASCII character at once.
        const char16_t *wide = p;
        while (p < end && *p >= 0x80) ++p;
        out += QStringView(wide, p - wide).toUtf8();
    }
    appendBytes(out, "\"");
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
