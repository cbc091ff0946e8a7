#include "ConfigMerge.h"

#include "config/ConfigLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace gatehouse {
namespace ConfigMerge {

namespace {

QString fileSource(const GatewayConfig &file) {
    return file.sourcePath.isEmpty() ? ConfigSource::defaults() : ConfigSource::file();
}

QJsonObject pluginValue(const PluginEntry &e) {
    QJsonObject v{{QStringLiteral("name"), e.name},
                  {QStringLiteral("enabled"), e.enabled},
                  {QStringLiteral("path"), e.path},
                  {QStringLiteral("version"), e.version},
                  {QStringLiteral("config"), e.config}};
    if (!e.sha256.isEmpty()) v.insert(QStringLiteral("sha256"), e.sha256);
    return v;
}

bool fromFileOrDefault(const ConfigItem &item) {
    return item.source == ConfigSource::file() || item.source == ConfigSource::defaults();
}

// One JSON value as text (a scalar too).
QByteArray jsonText(const QJsonValue &value) {
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

int nextPosition(const QList<ConfigItem> &items) {
    int next = 0;
    for (const ConfigItem &i : items) next = qMax(next, i.position + 1);
    return next;
}

}  // namespace

QList<ConfigItem> fileItems(const GatewayConfig &file, ConfigSection section) {
    QList<ConfigItem> items;
    const QString source = fileSource(file);
    auto add = [&](const QString &name, const QJsonValue &value) {
        ConfigItem item;
        item.name = name;
        item.value = value;
        item.source = source;
        item.fileHash = configItemHash(value);
        item.position = int(items.size());
        items.append(item);
    };
    switch (section) {
        case ConfigSection::Providers: {
            const QJsonObject providers =
                file.document.value(QStringLiteral("providers")).toObject();
            for (const ProviderConfig &p : file.providers) add(p.name, providers.value(p.name));
            break;
        }
        case ConfigSection::Plugins: {
            for (const PluginEntry &e : file.plugins) add(e.name, pluginValue(e));
            break;
        }
        case ConfigSection::Settings: {
            const QJsonObject client = file.document.value(QStringLiteral("client")).toObject();
            for (auto it = client.begin(); it != client.end(); ++it) add(it.key(), it.value());
            break;
        }
        case ConfigSection::Pricing: {
            // One item, the whole array: its order decides which override wins.
            const QJsonValue pricing = file.document.value(QStringLiteral("pricing"));
            if (pricing.isArray()) add(kPriceOverridesItem(), pricing);
            break;
        }
        case ConfigSection::McpClients: {
            // The reader checked them (names given, unique): by name.
            const QJsonArray entries = file.document.value(QStringLiteral("mcp"))
                                           .toObject()
                                           .value(QStringLiteral("client_configs"))
                                           .toArray();
            for (const QJsonValue &e : entries)
                add(e.toObject().value(QStringLiteral("name")).toString(), e);
            break;
        }
    }
    return items;
}

ConfigChanges seed(const GatewayConfig &file, const ConfigContent &stored, qint64 nowMs) {
    ConfigChanges changes;
    for (ConfigSection section : kConfigSections) {
        int next = nextPosition(stored.section(section));
        for (ConfigItem f : fileItems(file, section)) {
            f.updatedAtMs = nowMs;
            const ConfigItem *s = stored.find(section, f.name);
            bool take = !s;
            if (s && section == ConfigSection::Plugins) {
                const int fileVersion = f.value.toObject().value(QStringLiteral("version")).toInt();
                const int storedVersion =
                    s->value.toObject().value(QStringLiteral("version")).toInt();
                take = fileVersion > storedVersion ||
                       (fromFileOrDefault(*s) && s->fileHash != f.fileHash);
            } else if (s) {
                take = s->fileHash != f.fileHash;
            }
            if (!take) continue;
            if (s) {
                f.position = s->position;
                f.name = s->name;  // keeps the stored spelling of the key
            } else {
                f.position = next++;
            }
            changes.items.append({section, f});
        }
    }
    return changes;
}

bool effective(const GatewayConfig &file, const ConfigContent &content, GatewayConfig *out,
               ConfigError *error) {
    auto live = [](QList<ConfigItem> items) {
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [](const ConfigItem &i) { return i.deleted; }),
                    items.end());
        std::stable_sort(items.begin(), items.end(), [](const ConfigItem &a, const ConfigItem &b) {
            return a.position < b.position;
        });
        return items;
    };
    QJsonObject doc = file.document;
    QJsonArray plugins;
    for (const ConfigItem &i : live(content.plugins)) plugins.append(i.value);
    doc.insert(QStringLiteral("plugins"), plugins);
    QJsonObject client;
    for (const ConfigItem &i : live(content.settings)) client.insert(i.name, i.value);
    doc.insert(QStringLiteral("client"), client);
    for (const ConfigItem &i : live(content.pricing))
        if (i.name == kPriceOverridesItem()) doc.insert(QStringLiteral("pricing"), i.value);
    // The file's other "mcp" keys stay; its servers are the store's.
    QJsonArray mcpClients;
    for (const ConfigItem &i : live(content.mcpClients)) mcpClients.append(i.value);
    QJsonObject mcp = doc.value(QStringLiteral("mcp")).toObject();
    if (mcpClients.isEmpty())
        mcp.remove(QStringLiteral("client_configs"));
    else
        mcp.insert(QStringLiteral("client_configs"), mcpClients);
    if (mcp.isEmpty())
        doc.remove(QStringLiteral("mcp"));
    else
        doc.insert(QStringLiteral("mcp"), mcp);
    doc.remove(QStringLiteral("providers"));
    // Written by hand: QJsonObject sorts its keys, and providers keep the
    // order they were listed in.
    QByteArray providers = "{";
    for (const ConfigItem &i : live(content.providers)) {
        if (providers.size() > 1) providers += ',';
        providers += jsonText(i.name) + ':' + jsonText(i.value);
    }
    providers += '}';
    QByteArray text = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    text.insert(1, "\"providers\":" + providers + (doc.isEmpty() ? "" : ","));
    GatewayConfig merged;
    // A name starting with ':' is no file: relative paths (none are stored)
    // would resolve against the working directory.
    if (!ConfigLoader::loadJson(text, QStringLiteral(":config-store"), &merged, error))
        return false;
    merged.sourcePath = file.sourcePath;
    *out = std::move(merged);
    return true;
}

}  // namespace ConfigMerge
}  // namespace gatehouse
