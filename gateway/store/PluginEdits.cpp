#include "PluginEdits.h"

namespace gatehouse {

namespace PluginEdits {

namespace {

ConfigItem *liveItem(ConfigContent &content, const QString &name) {
    ConfigItem *item = content.find(ConfigSection::Plugins, name);
    return item && !item->deleted ? item : nullptr;
}

bool notFound(const QString &name, ConfigStore::Result *result) {
    result->status = 404;
    result->error = QStringLiteral("no plugin named \"%1\": GET /api/plugins lists them").arg(name);
    return false;
}

}  // namespace

ConfigStore::Edit add(const PluginEntry &entry) {
    return [entry](ConfigContent &content, ConfigStore::Result *result) {
        const ConfigItem *old = content.find(ConfigSection::Plugins, entry.name);
        if (old && !old->deleted) {
            result->status = 409;
            result->error = QStringLiteral(
                                "a plugin named \"%1\" already exists; remove it "
                                "first or change it with PUT /api/plugins/%1")
                                .arg(entry.name);
            return false;
        }
        // A name removed before keeps its place; a new one goes last (the
        // chain runs in the stored order).
        int next = 0;
        for (const ConfigItem &i : content.plugins) next = qMax(next, i.position + 1);
        ConfigItem item;
        item.name = entry.name;
        item.position = old ? old->position : next;
        item.fileHash = old ? old->fileHash : QString();
        QJsonObject value{{QStringLiteral("name"), entry.name},
                          {QStringLiteral("path"), entry.path},
                          {QStringLiteral("enabled"), entry.enabled},
                          {QStringLiteral("version"), entry.version},
                          {QStringLiteral("config"), entry.config}};
        if (!entry.sha256.isEmpty()) value.insert(QStringLiteral("sha256"), entry.sha256);
        item.value = value;
        item.source = ConfigSource::api();
        content.put(ConfigSection::Plugins, item);
        result->status = 201;
        return true;
    };
}

ConfigStore::Edit update(const QString &name, const Update &update) {
    return [name, update](ConfigContent &content, ConfigStore::Result *result) {
        ConfigItem *item = liveItem(content, name);
        if (!item) return notFound(name, result);
        QJsonObject value = item->value.toObject();
        if (update.enabled) value.insert(QStringLiteral("enabled"), *update.enabled);
        if (update.config) value.insert(QStringLiteral("config"), *update.config);
        if (update.version) value.insert(QStringLiteral("version"), *update.version);
        // An edit that changes nothing keeps the item's source as it is.
        if (QJsonValue(value) == item->value) return true;
        item->value = value;
        item->source = ConfigSource::api();
        return true;
    };
}

ConfigStore::Edit remove(const QString &name) {
    return [name](ConfigContent &content, ConfigStore::Result *result) {
        ConfigItem *item = liveItem(content, name);
        if (!item) return notFound(name, result);
        item->deleted = true;
        item->source = ConfigSource::api();
        return true;
    };
}

ConfigStore::Edit restore(const QString &name, const std::optional<ConfigItem> &before) {
    return [name, before](ConfigContent &content, ConfigStore::Result *) {
        ConfigItem *item = content.find(ConfigSection::Plugins, name);
        if (before) {
            content.put(ConfigSection::Plugins, *before);
        } else if (item) {
            item->deleted = true;
        }
        return true;
    };
}

}  // namespace PluginEdits

}  // namespace gatehouse
