#include "ConfigReader.h"

#include <QSet>
#include <cmath>

namespace gatehouse {

namespace {
// Largest timeout whose milliseconds still fit in an int (~24.8 days).
constexpr double kMaxSeconds = std::numeric_limits<int>::max() / 1000.0;

QString rangeText(int min, int max) {
    if (max == ConfigReader::kNoMax) return QStringLiteral("at least %1").arg(min);
    return QStringLiteral("between %1 and %2").arg(min).arg(max);
}
}  // namespace

ConfigReader::Field ConfigReader::field(const QJsonObject &object, const JsonPath &objectPath,
                                        const QString &key) {
    return Field{object.value(key), objectPath.key(key)};
}

QString ConfigReader::number(double value) {
    return QString::number(value, 'g', 15);
}

QString ConfigReader::describe(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QStringLiteral("the number ") + number(value.toDouble());
        case QJsonValue::String: {
            QString text = value.toString();
            if (text.size() > 40) text = text.left(37) + QStringLiteral("...");
            return QStringLiteral("a string (\"%1\")").arg(text);
        }
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            break;
    }
    return QStringLiteral("nothing");
}

bool ConfigReader::fail(const JsonPath &path, const QString &message) {
    if (failed_) return false;
    failed_ = true;
    const JsonSourceMap::Location at = map_.locate(path);
    error_ = ConfigError{file_, at.line, at.column, path.toString(), message};
    return false;
}

bool ConfigReader::failType(const Field &f, const char *expected) {
    return fail(
        f.path,
        QStringLiteral("expected %1, got %2").arg(QLatin1String(expected), describe(f.value)));
}

bool ConfigReader::readBool(const Field &f, bool *out) {
    if (!f.isSet()) return true;
    if (!f.value.isBool()) return failType(f, "true or false");
    *out = f.value.toBool();
    return true;
}

bool ConfigReader::readString(const Field &f, QString *out) {
    if (!f.isSet()) return true;
    if (!f.value.isString()) return failType(f, "a string");
    *out = f.value.toString();
    return true;
}

bool ConfigReader::readStringList(const Field &f, QStringList *out) {
    if (!f.isSet()) return true;
    if (!f.value.isArray()) return failType(f, "an array of strings");
    const QJsonArray array = f.value.toArray();
    QStringList list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return failType(Field{array.at(i), f.path.index(int(i))}, "a string");
        list.append(array.at(i).toString());
    }
    *out = list;
    return true;
}

bool ConfigReader::readObject(const Field &f, QJsonObject *out) {
    if (!f.isSet()) return true;
    if (!f.value.isObject()) return failType(f, "an object");
    *out = f.value.toObject();
    return true;
}

bool ConfigReader::readArray(const Field &f, QJsonArray *out) {
    if (!f.isSet()) return true;
    if (!f.value.isArray()) return failType(f, "an array");
    *out = f.value.toArray();
    return true;
}

bool ConfigReader::readNumber(const Field &f, double min, double max, double *out) {
    if (!f.isSet()) return true;
    if (!f.value.isDouble()) return failType(f, "a number");
    const double v = f.value.toDouble();
    if (v < min || v > max)
        return fail(f.path, QStringLiteral("must be between %1 and %2, got %3")
                                .arg(number(min), number(max), number(v)));
    *out = v;
    return true;
}

bool ConfigReader::readInt(const Field &f, int min, int max, int *out, Zero zero) {
    if (!f.isSet()) return true;
    if (!f.value.isDouble()) return failType(f, "a whole number");
    const double v = f.value.toDouble();
    if (v != std::floor(v)) return failType(f, "a whole number");
    if (zero == Zero::MeansDefault && v == 0) return true;
    if (v < min || v > max) {
        QString message = QStringLiteral("must be %1, got %2").arg(rangeText(min, max), number(v));
        if (zero == Zero::MeansDefault)
            message += QStringLiteral(" (0 means the default, %1)").arg(*out);
        return fail(f.path, message);
    }
    *out = int(v);
    return true;
}

bool ConfigReader::readSecondsAsMs(const Field &f, int *outMs) {
    if (!f.isSet()) return true;
    if (!f.value.isDouble()) return failType(f, "a number of seconds");
    const double seconds = f.value.toDouble();
    if (seconds < 0 || seconds > kMaxSeconds)
        return fail(f.path, QStringLiteral("must be between 0 and %1 seconds, got %2 "
                                           "(0 means the default, %3)")
                                .arg(number(std::floor(kMaxSeconds)), number(seconds),
                                     number(*outMs / 1000.0)));
    if (seconds == 0) return true;
    // A tiny positive value must not round down to "no timeout at all".
    *outMs = qMax(1, int(std::lround(seconds * 1000.0)));
    return true;
}

QStringList ConfigReader::keysInFileOrder(const QJsonObject &object, const JsonPath &path) const {
    QStringList keys;
    QSet<QString> seen;
    for (const JsonSourceMap::Member &m : map_.members(path)) {
        if (object.contains(m.key) && !seen.contains(m.key)) {
            seen.insert(m.key);
            keys.append(m.key);
        }
    }
    // Only if the map failed (it should not): sorted beats missing.
    for (const QString &key : object.keys())
        if (!seen.contains(key)) keys.append(key);
    return keys;
}

}  // namespace gatehouse
