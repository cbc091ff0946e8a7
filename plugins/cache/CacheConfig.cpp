#include "CacheConfig.h"

#include <QJsonArray>
#include <QStringList>
#include <cmath>

namespace gatehouse::cache {

namespace {

bool fail(QString *error, const QString &field, const QString &message) {
    *error = field + QStringLiteral(": ") + message;
    return false;
}

// "openai/gpt-4o*" -> ^openai/gpt\-4o.*$ : only * is special, the rest literal.
ModelPattern modelPattern(const QString &pattern) {
    QStringList parts = pattern.split(QLatin1Char('*'));
    for (QString &part : parts) part = QRegularExpression::escape(part);
    ModelPattern p;
    p.qualified = pattern.contains(QLatin1Char('/'));
    p.re.setPattern(QRegularExpression::anchoredPattern(parts.join(QStringLiteral(".*"))));
    p.re.optimize();
    return p;
}

bool readWholeNumber(const QJsonObject &json, const char *key, double min, double *out,
                     QString *error) {
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    const double x = v.toDouble(-1);
    if (!v.isDouble() || x < min || x != std::floor(x) || x > 9e15)
        return fail(error, QLatin1String(key),
                    QStringLiteral("must be a whole number of at least %1").arg(min));
    *out = x;
    return true;
}

bool isHeaderName(const QString &name) {
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$"));
    return token.match(name).hasMatch();
}

}  // namespace

bool CacheConfig::cachesModel(const QString &provider, const QString &model) const {
    if (enabledModels.isEmpty()) return true;
    const QString full = provider + QLatin1Char('/') + model;
    for (const ModelPattern &p : enabledModels)
        if (p.re.match(p.qualified ? full : model).hasMatch()) return true;
    return false;
}

bool parseCacheConfig(const QJsonObject &json, CacheConfig *config, QString *error) {
    static const QStringList known{"ttl_seconds", "max_entries", "max_bytes", "cache_by_header",
                                   "enabled_models"};
    for (const QString &key : json.keys())
        if (!known.contains(key))
            return fail(error, key,
                        QStringLiteral("unknown setting; expected one of: ") +
                            known.join(QStringLiteral(", ")));
    CacheConfig c;

    const QJsonValue ttl = json.value(QLatin1String("ttl_seconds"));
    if (!ttl.isUndefined()) {
        // Fractions allowed: sub-second lifetimes are handy in tests and demos.
        if (!ttl.isDouble() || !(ttl.toDouble() > 0) || ttl.toDouble() > 1e9)
            return fail(error, QStringLiteral("ttl_seconds"),
                        QStringLiteral("must be a number of seconds greater than 0"));
        c.ttlMs = qMax<qint64>(1, qint64(ttl.toDouble() * 1000));
    }
    double entries = c.maxEntries, bytes = double(c.maxBytes);
    if (!readWholeNumber(json, "max_entries", 1, &entries, error) ||
        !readWholeNumber(json, "max_bytes", 1, &bytes, error))
        return false;
    if (entries > 1e8)
        return fail(error, QStringLiteral("max_entries"),
                    QStringLiteral("must be at most 100000000"));
    c.maxEntries = int(entries);
    c.maxBytes = qint64(bytes);

    const QJsonValue header = json.value(QLatin1String("cache_by_header"));
    if (!header.isUndefined()) {
        if (!header.isString() || !isHeaderName(header.toString()))
            return fail(error, QStringLiteral("cache_by_header"),
                        QStringLiteral("must be a header name, e.g. \"x-bf-vk\""));
        c.cacheByHeader = header.toString().toLatin1();
    }

    const QJsonValue models = json.value(QLatin1String("enabled_models"));
    if (!models.isUndefined()) {
        if (!models.isArray())
            return fail(error, QStringLiteral("enabled_models"),
                        QStringLiteral("must be an array of \"provider/model\" patterns"));
        const QJsonArray list = models.toArray();
        if (list.isEmpty())
            return fail(error, QStringLiteral("enabled_models"),
                        QStringLiteral("an empty list caches nothing; leave enabled_models out "
                                       "to cache every model"));
        for (int i = 0; i < list.size(); ++i) {
            if (!list.at(i).isString() || list.at(i).toString().isEmpty())
                return fail(error, QStringLiteral("enabled_models[%1]").arg(i),
                            QStringLiteral("must be a non-empty string like \"openai/gpt-4o*\""));
            c.enabledModels << modelPattern(list.at(i).toString());
        }
    }
    *config = std::move(c);
    return true;
}

}  // namespace gatehouse::cache
