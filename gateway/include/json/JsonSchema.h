#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace gatehouse {

// One way a value breaks its schema: where ("/ttl_seconds", "/models/2", ""
// for the root) and what is wrong, in words a config author can act on.
struct SchemaViolation {
    QString path;
    QString message;

    QString toString() const;  // "ttl_seconds: must be at least 1"
};

// The subset of JSON Schema (draft 2020-12) plugin configSchemas use: type
// (a name or a list), properties, required, additionalProperties (false or a
// schema), enum, const, minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, minLength, maxLength, pattern, items, minItems,
// maxItems. Anything else in a schema is ignored, so an unknown keyword
// never refuses a valid config. Pure and thread-safe.
QList<SchemaViolation> validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema);

}  // namespace gatehouse
