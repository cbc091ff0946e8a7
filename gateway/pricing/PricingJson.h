#pragma once

#include "config/JsonPath.h"

#include <QJsonValue>
#include <QString>

namespace gatehouse {

// Shared by the catalogue and override readers: every refusal names the JSON
// path of the value at fault, so a broken catalogue or a typo in an override
// says exactly where to look.
namespace PricingJson {

// "providers[3].models[0].match: <message>", or just the message at the root.
QString at(const JsonPath &path, const QString &message);
// Records the error (if asked for) and returns false, for `return fail(...)`.
bool fail(QString *error, const JsonPath &path, const QString &message);
// "a string ("x")", "the number -3", "an array", ... for "got ..." messages.
QString describe(const QJsonValue &value);
// A finite number >= 0.
bool isNonNegativeNumber(const QJsonValue &value);
// A whole number in [0, 2^53): counts of tokens, tier starts, context windows.
bool isCount(const QJsonValue &value);

}  // namespace PricingJson
}  // namespace gatehouse
