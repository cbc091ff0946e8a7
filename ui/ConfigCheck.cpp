#include "ConfigCheck.h"

#include "config/JsonPath.h"
#include "config/JsonSourceMap.h"
#include "json/JsonSchema.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

namespace {

// "/models/2" -> models[2], deciding key or index from the value itself.
JsonPath toJsonPath(const QString &pointer, const QJsonValue &root) {
    JsonPath path;
    QJsonValue at = root;
    for (const QString &part : pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (at.isArray()) {
            path = path.index(part.toInt());
            at = at.toArray().at(part.toInt());
        } else {
            path = path.key(part);
            at = at.toObject().value(part);
        }
    }
    return path;
}

}  // namespace

ConfigCheck checkPluginConfig(const QString &text, const QJsonObject &schema) {
    ConfigCheck out;
    const QByteArray bytes = text.toUtf8();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const JsonSourceMap::Location at = JsonSourceMap::lineColumn(bytes, parseError.offset);
        out.line = at.line;
        out.message = QStringLiteral("Line %1, column %2: %3")
                          .arg(at.line)
                          .arg(at.column)
                          .arg(parseError.errorString());
        return out;
    }
    if (!doc.isObject()) {
        out.line = 1;
        out.message = QStringLiteral("Line 1: a plugin's config must be a JSON object { ... }");
        return out;
    }
    const QList<SchemaViolation> problems = validateAgainstSchema(doc.object(), schema);
    if (!problems.isEmpty()) {
        const JsonSourceMap map(bytes);
        const JsonSourceMap::Location at =
            map.isValid() ? map.locate(toJsonPath(problems.first().path, doc.object()))
                          : JsonSourceMap::Location{};
        out.line = at.line;
        out.message =
            at.line > 0
                ? QStringLiteral("Line %1: %2").arg(at.line).arg(problems.first().toString())
                : problems.first().toString();
        return out;
    }
    out.ok = true;
    out.config = doc.object();
    return out;
}

}  // namespace gatehouse
