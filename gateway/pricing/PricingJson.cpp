#include "PricingJson.h"

#include "config/ConfigReader.h"

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

// As the config loader says it, so both read alike.
QString describe(const QJsonValue &value) {
    return ConfigReader::describe(value);
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
