#include "store/ConfigContent.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

QList<ConfigItem> &ConfigContent::section(ConfigSection s) {
    switch (s) {
        case ConfigSection::Providers:
            return providers;
        case ConfigSection::Plugins:
            return plugins;
        case ConfigSection::Settings:
            return settings;
        case ConfigSection::Pricing:
            return pricing;
        case ConfigSection::McpClients:
            break;
    }
    return mcpClients;
}

const QList<ConfigItem> &ConfigContent::section(ConfigSection s) const {
    return const_cast<ConfigContent *>(this)->section(s);
}

ConfigItem *ConfigContent::find(ConfigSection s, const QString &name) {
    const Qt::CaseSensitivity cs =
        s == ConfigSection::Providers ? Qt::CaseInsensitive : Qt::CaseSensitive;
    for (ConfigItem &item : section(s))
        if (item.name.compare(name, cs) == 0) return &item;
    return nullptr;
}

const ConfigItem *ConfigContent::find(ConfigSection s, const QString &name) const {
    return const_cast<ConfigContent *>(this)->find(s, name);
}

void ConfigContent::put(ConfigSection s, const ConfigItem &item) {
    if (ConfigItem *existing = find(s, item.name))
        *existing = item;
    else
        section(s).append(item);
}

QString configItemHash(const QJsonValue &value) {
    // Wrapped in an array so scalars (settings) serialise too; QJsonDocument
    // sorts object keys, which makes the text canonical.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

}  // namespace gatehouse
