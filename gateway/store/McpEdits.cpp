#include "McpEdits.h"

#include "config/ConfigLoader.h"
#include "store/ConfigMasking.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {
namespace McpEdits {

namespace {

const QString kName = QStringLiteral("name");
const QString kHeaders = QStringLiteral("headers");
const QString kStdio = QStringLiteral("stdio_config");
const QString kEnvs = QStringLiteral("envs");

bool refuse(ConfigStore::Result *r, int status, const QString &field, const QString &message) {
    r->status = status;
    r->field = field;
    r->error = field.isEmpty() ? message : field + QStringLiteral(": ") + message;
    return false;
}

QString notFound(const QString &name) {
    return QStringLiteral(
               "no MCP server named \"%1\": GET /api/mcp/clients lists them, POST "
               "/api/mcp/clients adds one")
        .arg(name);
}

int nextPosition(const QList<ConfigItem> &items) {
    int next = 0;
    for (const ConfigItem &i : items) next = qMax(next, i.position + 1);
    return next;
}

// "NAME=value" -> ("NAME", "value"); a bare name has no value.
QPair<QString, QString> splitEnv(const QString &e) {
    const qsizetype eq = e.indexOf(QLatin1Char('='));
    return eq < 0 ? qMakePair(e, QString()) : qMakePair(e.left(eq), e.mid(eq + 1));
}

void put(ConfigContent &content, const QString &name, const QJsonObject &entry) {
    const ConfigItem *existing = content.find(ConfigSection::McpClients, name);
    ConfigItem item = existing ? *existing : ConfigItem();
    if (!existing) {
        item.name = name;
        item.position = nextPosition(content.mcpClients);
    }
    item.value = entry;
    item.source = ConfigSource::api();
    item.deleted = false;
    content.put(ConfigSection::McpClients, item);
}

}  // namespace

QStringList maskEnvs(const QStringList &envs) {
    QStringList out;
    for (const QString &e : envs) {
        const auto [name, value] = splitEnv(e);
        out << (e.contains(QLatin1Char('='))
                    ? name + QLatin1Char('=') + ConfigMasking::maskKey(value)
                    : e);
    }
    return out;
}

QJsonObject restoreMasked(const QJsonObject &incoming, const QJsonObject &stored) {
    QJsonObject out = incoming;
    const QJsonObject storedHeaders = stored.value(kHeaders).toObject();
    QJsonObject headers = incoming.value(kHeaders).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString given = it.value().toString();
        const QString original = storedHeaders.value(it.key()).toString();
        if (ConfigMasking::isMasked(given) && ConfigMasking::maskKey(original) == given)
            it.value() = original;
    }
    if (incoming.contains(kHeaders) && incoming.value(kHeaders).isObject())
        out.insert(kHeaders, headers);
    QJsonObject stdio = incoming.value(kStdio).toObject();
    const QJsonArray storedEnvs = stored.value(kStdio).toObject().value(kEnvs).toArray();
    QJsonArray envs = stdio.value(kEnvs).toArray();
    for (qsizetype i = 0; i < envs.size(); ++i) {
        const auto [name, value] = splitEnv(envs[i].toString());
        if (!ConfigMasking::isMasked(value)) continue;
        for (const QJsonValue &s : storedEnvs) {
            const auto [storedName, storedValue] = splitEnv(s.toString());
            if (storedName == name && ConfigMasking::maskKey(storedValue) == value)
                envs[i] = s.toString();
        }
    }
    if (stdio.contains(kEnvs) && stdio.value(kEnvs).isArray()) {
        stdio.insert(kEnvs, envs);
        out.insert(kStdio, stdio);
    }
    return out;
}

bool check(const QJsonObject &entry, ConfigStore::Result *result) {
    // Read by config.json's reader, alone, so the path is the entry's own.
    const QJsonObject doc{{QStringLiteral("mcp"),
                           QJsonObject{{QStringLiteral("client_configs"), QJsonArray{entry}}}}};
    GatewayConfig parsed;
    ConfigError error;
    if (!ConfigLoader::loadJson(QJsonDocument(doc).toJson(QJsonDocument::Compact),
                                QStringLiteral(":mcp-client"), &parsed, &error)) {
        QString field = error.path;
        const QString prefix = QStringLiteral("mcp.client_configs[0]");
        if (field.startsWith(prefix)) field = field.mid(prefix.size());
        if (field.startsWith(QLatin1Char('.'))) field = field.mid(1);
        return refuse(result, 400, field, error.message);
    }
    const QJsonObject headers = entry.value(kHeaders).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        if (ConfigMasking::isMasked(it.value().toString()))
            return refuse(result, 400, kHeaders + QLatin1Char('.') + it.key(),
                          QStringLiteral("is a masked value that matches no stored header; send "
                                         "the value itself or \"env.VARIABLE\""));
    const QJsonArray envs = entry.value(kStdio).toObject().value(kEnvs).toArray();
    for (qsizetype i = 0; i < envs.size(); ++i)
        if (ConfigMasking::isMasked(splitEnv(envs[i].toString()).second))
            return refuse(result, 400, QStringLiteral("stdio_config.envs[%1]").arg(i),
                          QStringLiteral("is a masked value that matches no stored variable; "
                                         "send NAME=value"));
    return true;
}

ConfigStore::Edit putClient(const QString &name, QJsonObject entry, bool create) {
    return [name, entry, create](ConfigContent &content, ConfigStore::Result *r) {
        const ConfigItem *stored = content.find(ConfigSection::McpClients, name);
        const bool exists = stored && !stored->deleted;
        if (create && exists)
            return refuse(r, 409, QStringLiteral("name"),
                          QStringLiteral("an MCP server named \"%1\" exists already; PUT "
                                         "/api/mcp/client/%1 changes it")
                              .arg(name));
        if (!create && !exists) return refuse(r, 404, QString(), notFound(name));
        QJsonObject prepared = entry;
        prepared.remove(QStringLiteral("source"));
        if (prepared.value(kName).toString(name) != name)
            return refuse(r, 400, kName,
                          QStringLiteral("an MCP server cannot be renamed (its name prefixes "
                                         "its tools); remove it and add it under the new name"));
        prepared.insert(kName, name);
        if (exists) prepared = restoreMasked(prepared, stored->value.toObject());
        if (!check(prepared, r)) return false;
        put(content, name, prepared);
        r->status = create ? 201 : 200;
        return true;
    };
}

ConfigStore::Edit removeClient(const QString &name) {
    return [name](ConfigContent &content, ConfigStore::Result *r) {
        ConfigItem *stored = content.find(ConfigSection::McpClients, name);
        if (!stored || stored->deleted) return refuse(r, 404, QString(), notFound(name));
        stored->deleted = true;
        stored->source = ConfigSource::api();
        return true;
    };
}

ConfigStore::Edit setEnabled(const QString &name, bool enabled) {
    return [name, enabled](ConfigContent &content, ConfigStore::Result *r) {
        const ConfigItem *stored = content.find(ConfigSection::McpClients, name);
        if (!stored || stored->deleted) return refuse(r, 404, QString(), notFound(name));
        QJsonObject entry = stored->value.toObject();
        entry.remove(QStringLiteral("disabled"));
        entry.insert(QStringLiteral("enabled"), enabled);
        put(content, name, entry);
        return true;
    };
}

}  // namespace McpEdits
}  // namespace gatehouse
