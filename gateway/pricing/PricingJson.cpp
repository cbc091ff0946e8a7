#include "PricingJson.h"

#include <cmath>

namespace gatehouse {
namespace PricingJson {

QString at(const JsonPath &path, const QString &message) {
    if (path.isEmpty()) return message;
    return path.toString() + QLatin1String(": ") + message;
}

bool fail(QString *error, const JsonPath &path, const QString &message) {
    if (error) *error = at(path, message);
    return false;
}

QString describe(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QStringLiteral("the number ") + QString::number(value.toDouble(), 'g', 17);
        case QJsonValue::String: {
            QString text = value.toString();
            if (text.size() > 40) text = text.left(37) + QLatin1String("...");
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

bool isNonNegativeNumber(const QJsonValue &value) {
    if (!value.isDouble()) return false;
    const double d = value.toDouble();
    return std::isfinite(d) && d >= 0;
}

bool isCount(const QJsonValue &value) {
    if (!isNonNegativeNumber(value)) return false;
    const double d = value.toDouble();
    return d == std::floor(d) && d < 9007199254740992.0;
}

}  // namespace PricingJson
}  // namespace gatehouse
