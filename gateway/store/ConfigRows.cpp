#include "ConfigRows.h"

#include "StoreConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace gatehouse {

namespace {

QString tableOf(ConfigSection s) {
    switch (s) {
        case ConfigSection::Providers:
            return QStringLiteral("config_providers");
        case ConfigSection::Plugins:
            return QStringLiteral("config_plugins");
        case ConfigSection::Settings:
            return QStringLiteral("config_settings");
        case ConfigSection::Pricing:
            return QStringLiteral("config_pricing");
        case ConfigSection::McpClients:
            break;
    }
    return QStringLiteral("config_mcp_clients");
}

QString jsonText(const QJsonValue &value) {
    // Wrapped so a scalar setting round-trips; unwrapped by valueOf().
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}

QJsonValue valueOf(const QString &text) {
    return QJsonDocument::fromJson(text.toUtf8()).array().at(0);
}

// A null QString binds as SQL NULL; the columns are NOT NULL with '' for "none".
QString text(const QString &s) {
    return s.isNull() ? QStringLiteral("") : s;
}

bool failed(QSqlQuery &q, const QString &what, QString *error) {
    *error = describeSqlError(what, q.lastError());
    return false;
}

bool loadSection(StoreConnection &c, ConfigSection s, QList<ConfigItem> *out, QString *error) {
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    const bool plugins = s == ConfigSection::Plugins;
    const QString sql = plugins
                            ? QStringLiteral(
                                  "SELECT name, position, source, file_hash, deleted, updated_at, "
                                  "enabled, path, version, config, sha256 FROM config_plugins "
                                  "ORDER BY position, name")
                            : QStringLiteral(
                                  "SELECT name, position, source, file_hash, deleted, updated_at, "
                                  "value FROM %1 ORDER BY position, name")
                                  .arg(tableOf(s));
    if (!q.exec(sql)) return failed(q, QStringLiteral("reading %1").arg(tableOf(s)), error);
    while (q.next()) {
        ConfigItem item;
        item.name = q.value(0).toString();
        item.position = q.value(1).toInt();
        item.source = q.value(2).toString();
        item.fileHash = q.value(3).toString();
        item.deleted = q.value(4).toInt() != 0;
        item.updatedAtMs = q.value(5).toLongLong();
        if (plugins) {
            QJsonObject entry{{QStringLiteral("name"), item.name},
                              {QStringLiteral("enabled"), q.value(6).toInt() != 0},
                              {QStringLiteral("path"), q.value(7).toString()},
                              {QStringLiteral("version"), q.value(8).toInt()},
                              {QStringLiteral("config"), valueOf(q.value(9).toString())}};
            if (!q.value(10).toString().isEmpty())
                entry.insert(QStringLiteral("sha256"), q.value(10).toString());
            item.value = entry;
        } else {
            item.value = valueOf(q.value(6).toString());
        }
        out->append(item);
    }
    return true;
}

bool writeItem(StoreConnection &c, ConfigSection s, const ConfigItem &item, QString *error) {
    // Delete + insert: the same statement on both databases.
    QSqlQuery del(c.db());
    del.prepare(QStringLiteral("DELETE FROM %1 WHERE name = ?").arg(tableOf(s)));
    del.addBindValue(item.name);
    if (!del.exec()) return failed(del, QStringLiteral("replacing %1").arg(item.name), error);
    QSqlQuery q(c.db());
    if (s == ConfigSection::Plugins) {
        const QJsonObject e = item.value.toObject();
        q.prepare(QStringLiteral(
            "INSERT INTO config_plugins (name, position, source, file_hash, deleted, updated_at, "
            "enabled, path, version, config, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(item.name);
        q.addBindValue(item.position);
        q.addBindValue(text(item.source));
        q.addBindValue(text(item.fileHash));
        q.addBindValue(item.deleted ? 1 : 0);
        q.addBindValue(item.updatedAtMs);
        q.addBindValue(e.value(QStringLiteral("enabled")).toBool(true) ? 1 : 0);
        q.addBindValue(text(e.value(QStringLiteral("path")).toString()));
        q.addBindValue(e.value(QStringLiteral("version")).toInt(1));
        q.addBindValue(jsonText(e.value(QStringLiteral("config")).toObject()));
        q.addBindValue(text(e.value(QStringLiteral("sha256")).toString()));
    } else {
        q.prepare(QStringLiteral("INSERT INTO %1 (name, position, source, file_hash, deleted, "
                                 "updated_at, value) VALUES (?, ?, ?, ?, ?, ?, ?)")
                      .arg(tableOf(s)));
        q.addBindValue(item.name);
        q.addBindValue(item.position);
        q.addBindValue(text(item.source));
        q.addBindValue(text(item.fileHash));
        q.addBindValue(item.deleted ? 1 : 0);
        q.addBindValue(item.updatedAtMs);
        q.addBindValue(jsonText(item.value));
    }
    if (!q.exec()) return failed(q, QStringLiteral("writing %1").arg(item.name), error);
    return true;
}

}  // namespace

namespace ConfigRows {

bool readRevision(StoreConnection &c, qint64 *revision, QString *error) {
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT revision FROM config_revision WHERE id = 1")))
        return failed(q, QStringLiteral("reading the config revision"), error);
    *revision = q.next() ? q.value(0).toLongLong() : 0;
    return true;
}

bool load(StoreConnection &c, ConfigContent *out, QString *error) {
    ConfigContent content;
    // One transaction: the sections and the revision are of the same moment.
    const bool tx = c.db().transaction();
    bool ok = readRevision(c, &content.revision, error);
    for (ConfigSection s : kConfigSections)
        ok = ok && loadSection(c, s, &content.section(s), error);
    if (tx) c.db().rollback();
    if (ok) *out = std::move(content);
    return ok;
}

bool write(StoreConnection &c, const ConfigChanges &changes, qint64 *revision, QString *error) {
    if (!c.db().transaction()) {
        *error = describeSqlError(QStringLiteral("starting a config change"), c.db().lastError());
        return false;
    }
    bool ok = true;
    for (const auto &[section, item] : changes.items)
        if (!(ok = writeItem(c, section, item, error))) break;
    if (ok) {
        QSqlQuery bump(c.db());
        ok = bump.exec(QStringLiteral(
                 "UPDATE config_revision SET revision = revision + 1 WHERE id = 1")) ||
             failed(bump, QStringLiteral("bumping the config revision"), error);
    }
    ok = ok && readRevision(c, revision, error);
    if (ok && !c.db().commit()) {
        *error = describeSqlError(QStringLiteral("committing a config change"), c.db().lastError());
        ok = false;
    }
    if (!ok) c.db().rollback();
    return ok;
}

}  // namespace ConfigRows
}  // namespace gatehouse
