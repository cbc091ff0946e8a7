#include "store/ConfigEdits.h"

#include "store/ConfigMasking.h"

#include <QDir>
#include <QJsonArray>

namespace gatehouse {
namespace ConfigEdits {

namespace {

const QString kSource = QStringLiteral("source");

bool refuse(ConfigStore::Result *r, int status, const QString &field, const QString &message) {
    r->status = status;
    r->field = field;
    r->error = field.isEmpty() ? message : field + QStringLiteral(": ") + message;
    return false;
}

int nextPosition(const QList<ConfigItem> &items) {
    int next = 0;
    for (const ConfigItem &i : items) next = qMax(next, i.position + 1);
    return next;
}

// The provider as it will be stored: without the "source" the API shows,
// with masked keys put back. A masked key that matches no stored key
// cannot be stored (it is not a key).
// As the config reader keeps it: without trailing '/'.
QString baseUrlOf(const QJsonObject &provider) {
    QString url = provider.value(QStringLiteral("network_config"))
                      .toObject()
                      .value(QStringLiteral("base_url"))
                      .toString()
                      .trimmed();
    while (url.endsWith(QLatin1Char('/'))) url.chop(1);
    return url;
}

// A key in the environment ("env.OPENAI_API_KEY") is the owner's secret as
// much as a stored one: whoever points it at an address reads it there.
bool readsEnvironmentKey(const QJsonObject &provider) {
    for (const QJsonValue &key : provider.value(QStringLiteral("keys")).toArray())
        if (key.toObject()
                .value(QStringLiteral("value"))
                .toString()
                .startsWith(QLatin1String("env.")))
            return true;
    return false;
}

bool prepareProvider(const QString &name, QJsonObject provider, const ConfigItem *stored,
                     Caller caller, QJsonObject *out, ConfigStore::Result *r) {
    provider.remove(kSource);
    const bool exists = stored && !stored->deleted;
    const QJsonObject old = exists ? stored->value.toObject() : QJsonObject();
    const QJsonObject given = provider;
    if (exists) provider = ConfigMasking::restoreMaskedKeys(provider, old);
    // A new provider's address is new too (its default, none given, is not).
    const bool keptStoredKey = provider != given;
    if (caller == Caller::Untrusted && baseUrlOf(provider) != baseUrlOf(old) &&
        (keptStoredKey || readsEnvironmentKey(provider)))
        return refuse(r, 401, QStringLiteral("providers.%1.network_config.base_url").arg(name),
                      QStringLiteral("pointing a provider at another address while it keeps its "
                                     "stored key, or reads its key from the environment "
                                     "(\"env.\"), would send the key there, so it needs the API "
                                     "token: send \"Authorization: Bearer <token>\" (the token "
                                     "is shown in the Gatehouse panel), or send the key itself"));
    const QJsonArray keys = provider.value(QStringLiteral("keys")).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (ConfigMasking::isMasked(keys[i].toObject().value(QStringLiteral("value")).toString()))
            return refuse(r, 400, QStringLiteral("providers.%1.keys[%2].value").arg(name).arg(i),
                          QStringLiteral("is a masked key that matches none of the stored keys; "
                                         "send the full key or \"env.VARIABLE\""));
        const QString secret = ConfigMasking::maskedSettingsSecret(keys[i].toObject());
        if (!secret.isEmpty())
            return refuse(r, 400,
                          QStringLiteral("providers.%1.keys[%2].%3").arg(name).arg(i).arg(secret),
                          QStringLiteral("is a masked secret that is not the stored key's; "
                                         "send the full secret or \"env.VARIABLE\""));
    }
    *out = provider;
    return true;
}

void setProvider(ConfigContent &content, const QString &name, const QJsonObject &provider) {
    const ConfigItem *existing = content.find(ConfigSection::Providers, name);
    ConfigItem item = existing ? *existing : ConfigItem();
    if (!existing) {
        item.name = name;
        item.position = nextPosition(content.providers);
    }
    item.value = provider;
    item.source = ConfigSource::api();
    item.deleted = false;
    content.put(ConfigSection::Providers, item);
}

void markRemoved(ConfigItem &item) {
    if (item.deleted) return;
    item.deleted = true;
    item.source = ConfigSource::api();
}

}  // namespace

ConfigStore::Edit putProvider(const QString &name, QJsonObject provider, bool create,
                              Caller caller) {
    return [name, provider, create, caller](ConfigContent &content, ConfigStore::Result *r) {
        const ConfigItem *stored = content.find(ConfigSection::Providers, name);
        const bool exists = stored && !stored->deleted;
        if (create && exists)
            return refuse(r, 409, QString(),
                          QStringLiteral("provider \"%1\" already exists; PUT "
                                         "/api/providers/%1 changes it")
                              .arg(name));
        if (!create && !exists)
            return refuse(r, 404, QString(),
                          QStringLiteral("no provider named \"%1\": GET /api/providers lists "
                                         "them, POST /api/providers adds one")
                              .arg(name));
        QJsonObject prepared;
        if (!prepareProvider(name, provider, stored, caller, &prepared, r)) return false;
        setProvider(content, stored ? stored->name : name, prepared);
        r->status = create ? 201 : 200;
        return true;
    };
}

ConfigStore::Edit removeProvider(const QString &name) {
    return [name](ConfigContent &content, ConfigStore::Result *r) {
        ConfigItem *stored = content.find(ConfigSection::Providers, name);
        if (!stored || stored->deleted)
            return refuse(r, 404, QString(),
                          QStringLiteral("no provider named \"%1\": GET /api/providers lists them")
                              .arg(name));
        markRemoved(*stored);
        return true;
    };
}

ConfigStore::Edit putSections(QJsonObject body, QString configDirectory, Caller caller) {
    return [body, configDirectory, caller](ConfigContent &content, ConfigStore::Result *r) {
        for (auto it = body.begin(); it != body.end(); ++it)
            if (it.key() != QLatin1String("client") && it.key() != QLatin1String("providers") &&
                it.key() != QLatin1String("plugins"))
                return refuse(r, 400, it.key(),
                              QStringLiteral("cannot be changed here; PUT /api/config takes "
                                             "\"client\", \"providers\" and \"plugins\""));
        if (body.isEmpty())
            return refuse(r, 400, QString(),
                          QStringLiteral("send at least one of \"client\", \"providers\", "
                                         "\"plugins\""));
        const QJsonValue client = body.value(QStringLiteral("client"));
        if (!client.isUndefined()) {
            if (!client.isObject())
                return refuse(r, 400, QStringLiteral("client"),
                              QStringLiteral("must be an object"));
            const QJsonObject settings = client.toObject();
            for (auto it = settings.begin(); it != settings.end(); ++it) {
                ConfigItem *stored = content.find(ConfigSection::Settings, it.key());
                if (it.value().isNull()) {
                    if (stored) markRemoved(*stored);
                    continue;
                }
                ConfigItem item = stored ? *stored : ConfigItem();
                if (!stored) {
                    item.name = it.key();
                    item.position = nextPosition(content.settings);
                }
                item.value = it.value();
                item.source = ConfigSource::api();
                item.deleted = false;
                content.put(ConfigSection::Settings, item);
            }
        }
        const QJsonValue providers = body.value(QStringLiteral("providers"));
        if (!providers.isUndefined()) {
            if (!providers.isObject())
                return refuse(r, 400, QStringLiteral("providers"),
                              QStringLiteral("must be an object of providers by name"));
            const QJsonObject given = providers.toObject();
            for (ConfigItem &item : content.providers) {
                bool listed = false;
                for (auto it = given.begin(); it != given.end(); ++it)
                    listed = listed || it.key().compare(item.name, Qt::CaseInsensitive) == 0;
                if (!listed) markRemoved(item);
            }
            for (auto it = given.begin(); it != given.end(); ++it) {
                if (!it.value().isObject())
                    return refuse(r, 400, QStringLiteral("providers.") + it.key(),
                                  QStringLiteral("must be an object"));
                const ConfigItem *stored = content.find(ConfigSection::Providers, it.key());
                QJsonObject prepared;
                if (!prepareProvider(it.key(), it.value().toObject(), stored, caller, &prepared, r))
                    return false;
                setProvider(content, stored ? stored->name : it.key(), prepared);
            }
        }
        const QJsonValue plugins = body.value(QStringLiteral("plugins"));
        if (!plugins.isUndefined()) {
            if (!plugins.isArray())
                return refuse(r, 400, QStringLiteral("plugins"),
                              QStringLiteral("must be an array of plugin entries"));
            const QJsonArray given = plugins.toArray();
            QStringList names;
            for (qsizetype i = 0; i < given.size(); ++i) {
                QJsonObject entry = given.at(i).toObject();
                entry.remove(kSource);
                const QString name = entry.value(QStringLiteral("name")).toString();
                const QString field = QStringLiteral("plugins[%1]").arg(i);
                if (!given.at(i).isObject() || name.isEmpty())
                    return refuse(r, 400, field,
                                  QStringLiteral("expected {\"name\": ..., \"path\": ...}"));
                const QString path = entry.value(QStringLiteral("path")).toString();
                if (!path.isEmpty() && QDir::isRelativePath(path) && !configDirectory.isEmpty())
                    entry.insert(QStringLiteral("path"),
                                 QDir::cleanPath(QDir(configDirectory).absoluteFilePath(path)));
                const ConfigItem *stored = content.find(ConfigSection::Plugins, name);
                ConfigItem item = stored ? *stored : ConfigItem();
                item.name = name;
                item.position = int(i);
                item.value = entry;
                item.source = ConfigSource::api();
                item.deleted = false;
                content.put(ConfigSection::Plugins, item);
                names << name;
            }
            for (ConfigItem &item : content.plugins)
                if (!names.contains(item.name)) markRemoved(item);
        }
        return true;
    };
}

}  // namespace ConfigEdits
}  // namespace gatehouse
