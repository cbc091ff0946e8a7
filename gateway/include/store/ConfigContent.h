#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

namespace gatehouse {

// What the config store holds, in memory: one list per section. Plain
// values, copied freely.
enum class ConfigSection { Providers, Plugins, Settings, Pricing, McpClients };

// Every section, in the order they are loaded and compared.
inline constexpr ConfigSection kConfigSections[] = {
    ConfigSection::Providers, ConfigSection::Plugins, ConfigSection::Settings,
    ConfigSection::Pricing, ConfigSection::McpClients};

// The Pricing section's one item: config.json's "pricing" array, kept whole
// (its order matters: the first matching override wins).
inline const QString kPriceOverridesItem() {
    return QStringLiteral("pricing");
}

// Where an item's current value came from.
namespace ConfigSource {
inline const QString file() {
    return QStringLiteral("file");
}  // config.json
inline const QString api() {
    return QStringLiteral("api");
}  // the API or the panel
inline const QString defaults() {
    return QStringLiteral("default");
}  // the built-in config
}  // namespace ConfigSource

struct ConfigItem {
    QString name;  // provider name, plugin name or client setting key
    // Providers: the provider's object as in config.json. Plugins: {"name",
    // "enabled", "path", "version", "config"[, "sha256"]}. Settings: the
    // value of "client".<name>. Pricing: the "pricing" array. McpClients:
    // the mcp.client_configs[] entry as in config.json (Bifrost's shape),
    // "name" included.
    QJsonValue value;
    QString source;
    // Hash of config.json's version of the item when it was last seeded
    // from the file: tells whether the file changed since (file wins then).
    QString fileHash;
    // Removed through the API: kept as a marker so config.json does not
    // bring the item back at the next start unless its entry changes.
    bool deleted = false;
    int position = 0;  // providers, MCP clients: listing order; plugins: chain order
    qint64 updatedAtMs = 0;
};

struct ConfigContent {
    qint64 revision = 0;  // bumped by every change, in the same transaction
    QList<ConfigItem> providers;
    QList<ConfigItem> plugins;
    QList<ConfigItem> settings;
    QList<ConfigItem> pricing;     // at most kPriceOverridesItem()
    QList<ConfigItem> mcpClients;  // listing order: position

    QList<ConfigItem> &section(ConfigSection s);
    const QList<ConfigItem> &section(ConfigSection s) const;
    // Providers are matched case-insensitively, like GatewayConfig::provider().
    const ConfigItem *find(ConfigSection s, const QString &name) const;
    ConfigItem *find(ConfigSection s, const QString &name);
    // Replaces the item of that name, or appends it.
    void put(ConfigSection s, const ConfigItem &item);
};

// A set of items to write in one transaction (each replaces the stored
// item of its name).
struct ConfigChanges {
    QList<QPair<ConfigSection, ConfigItem>> items;
    bool isEmpty() const { return items.isEmpty(); }
};

// sha256 of the item's value, written canonically (sorted keys).
QString configItemHash(const QJsonValue &value);

}  // namespace gatehouse
