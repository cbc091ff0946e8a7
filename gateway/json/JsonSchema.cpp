#include "json/JsonSchema.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <cmath>

namespace gatehouse {

namespace {

QString typeOf(const QJsonValue &v) {
    switch (v.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return QStringLiteral("boolean");
        case QJsonValue::Double: {
            const double d = v.toDouble();
            return std::floor(d) == d && std::isfinite(d) ? QStringLiteral("integer")
                                                          : QStringLiteral("number");
        }
        case QJsonValue::String:
            return QStringLiteral("string");
        case QJsonValue::Array:
            return QStringLiteral("array");
        case QJsonValue::Object:
            return QStringLiteral("object");
        default:
            return QStringLiteral("undefined");
    }
}

bool hasType(const QJsonValue &v, const QString &type) {
    const QString actual = typeOf(v);
    return actual == type ||
           (type == QLatin1String("number") && actual == QLatin1String("integer"));
}

QString describe(const QJsonValue &v) {
    if (v.isString()) return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isDouble()) return QString::number(v.toDouble());
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull()) return QStringLiteral("null");
    return typeOf(v);
}

class Validator {
public:
    QList<SchemaViolation> out;

    void check(const QJsonValue &v, const QJsonObject &schema, const QString &path) {
        if (!checkType(v, schema, path)) return;  // the rest would only repeat it
        checkEnum(v, schema, path);
        if (v.isDouble()) checkNumber(v.toDouble(), schema, path);
        if (v.isString()) checkString(v.toString(), schema, path);
        if (v.isArray()) checkArray(v.toArray(), schema, path);
        if (v.isObject()) checkObject(v.toObject(), schema, path);
    }

private:
    void fail(const QString &path, const QString &message) { out.append({path, message}); }

    bool checkType(const QJsonValue &v, const QJsonObject &schema, const QString &path) {
        const QJsonValue t = schema.value(QLatin1String("type"));
        QStringList allowed;
        if (t.isString()) allowed << t.toString();
        for (const QJsonValue &each : t.toArray()) allowed << each.toString();
        if (allowed.isEmpty()) return true;
        for (const QString &type : allowed)
            if (hasType(v, type)) return true;
        fail(path, QStringLiteral("must be %1, not %2")
                       .arg(allowed.join(QStringLiteral(" or ")), typeOf(v)));
        return false;
    }

    void checkEnum(const QJsonValue &v, const QJsonObject &schema, const QString &path) {
        if (schema.contains(QLatin1String("const")) && schema.value(QLatin1String("const")) != v)
            fail(path,
                 QStringLiteral("must be %1").arg(describe(schema.value(QLatin1String("const")))));
        if (!schema.contains(QLatin1String("enum"))) return;
        const QJsonArray options = schema.value(QLatin1String("enum")).toArray();
        if (options.contains(v)) return;
        QStringList names;
        for (const QJsonValue &o : options) names << describe(o);
        fail(path, QStringLiteral("must be one of %1").arg(names.join(QStringLiteral(", "))));
    }

    void checkNumber(double d, const QJsonObject &schema, const QString &path) {
        auto bound = [&](const char *key, auto breaks, const char *words) {
            const QJsonValue limit = schema.value(QLatin1String(key));
            if (limit.isDouble() && breaks(d, limit.toDouble()))
                fail(path, QStringLiteral("must be %1 %2")
                               .arg(QLatin1String(words), QString::number(limit.toDouble())));
        };
        bound(
            "minimum", [](double x, double l) { return x < l; }, "at least");
        bound(
            "maximum", [](double x, double l) { return x > l; }, "at most");
        bound(
            "exclusiveMinimum", [](double x, double l) { return x <= l; }, "greater than");
        bound(
            "exclusiveMaximum", [](double x, double l) { return x >= l; }, "less than");
    }

    void checkString(const QString &s, const QJsonObject &schema, const QString &path) {
        const QJsonValue minLength = schema.value(QLatin1String("minLength"));
        const QJsonValue maxLength = schema.value(QLatin1String("maxLength"));
        if (minLength.isDouble() && s.size() < minLength.toInt())
            fail(path,
                 QStringLiteral("must be at least %1 characters long").arg(minLength.toInt()));
        if (maxLength.isDouble() && s.size() > maxLength.toInt())
            fail(path, QStringLiteral("must be at most %1 characters long").arg(maxLength.toInt()));
        const QJsonValue pattern = schema.value(QLatin1String("pattern"));
        if (pattern.isString()) {
            const QRegularExpression re(pattern.toString());
            if (re.isValid() && !re.match(s).hasMatch())
                fail(path, QStringLiteral("must match %1").arg(pattern.toString()));
        }
    }

    void checkArray(const QJsonArray &a, const QJsonObject &schema, const QString &path) {
        const QJsonValue minItems = schema.value(QLatin1String("minItems"));
        const QJsonValue maxItems = schema.value(QLatin1String("maxItems"));
        if (minItems.isDouble() && a.size() < minItems.toInt())
            fail(path, QStringLiteral("must have at least %1 items").arg(minItems.toInt()));
        if (maxItems.isDouble() && a.size() > maxItems.toInt())
            fail(path, QStringLiteral("must have at most %1 items").arg(maxItems.toInt()));
        const QJsonValue items = schema.value(QLatin1String("items"));
        if (!items.isObject()) return;
        for (int i = 0; i < a.size(); ++i)
            check(a.at(i), items.toObject(), path + QLatin1Char('/') + QString::number(i));
    }

    void checkObject(const QJsonObject &o, const QJsonObject &schema, const QString &path) {
        for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray())
            if (!o.contains(name.toString()))
                fail(path + QLatin1Char('/') + name.toString(), QStringLiteral("is required"));
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            const QString where = path + QLatin1Char('/') + it.key();
            if (properties.contains(it.key())) {
                check(it.value(), properties.value(it.key()).toObject(), where);
            } else if (additional.isBool() && !additional.toBool()) {
                QStringList known = properties.keys();
                fail(where, known.isEmpty()
                                ? QStringLiteral("is not a known setting (this plugin takes none)")
                                : QStringLiteral("is not a known setting (known: %1)")
                                      .arg(known.join(QStringLiteral(", "))));
            } else if (additional.isObject()) {
                check(it.value(), additional.toObject(), where);
            }
        }
    }
};

}  // namespace

QString SchemaViolation::toString() const {
    const QString where = path.startsWith(QLatin1Char('/')) ? path.mid(1) : path;
    return where.isEmpty() ? QStringLiteral("config %1").arg(message)
                           : QStringLiteral("%1: %2").arg(where, message);
}

QList<SchemaViolation> validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema) {
    Validator v;
    v.check(value, schema, QString());
    return v.out;
}

}  // namespace gatehouse
