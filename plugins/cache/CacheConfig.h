// The cache's config, parsed and checked once in init().
#pragma once

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

namespace gatehouse::cache {

// One enabled_models entry. Patterns with a "/" are tried on
// "provider/model", others on the bare model name.
struct ModelPattern {
    bool qualified = false;
    QRegularExpression re;
};

struct CacheConfig {
    qint64 ttlMs = 300 * 1000;
    int maxEntries = 1000;
    qint64 maxBytes = 64LL * 1024 * 1024;
    QByteArray cacheByHeader;           // empty: one shared partition
    QList<ModelPattern> enabledModels;  // empty: every model

    bool cachesModel(const QString &provider, const QString &model) const;
};

// False with *error naming the offending field (e.g. "max_entries: ...").
bool parseCacheConfig(const QJsonObject &json, CacheConfig *config, QString *error);

}  // namespace gatehouse::cache
