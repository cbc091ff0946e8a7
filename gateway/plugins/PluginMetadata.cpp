#include "PluginMetadata.h"

#include "PluginFileCheck.h"

#include <gatehouse/plugin.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QPluginLoader>

namespace gatehouse {

namespace {
const QLatin1String kIidPrefix("dev.gatehouse.GatewayPlugin/");

QString describe(const QJsonValue &value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble());
        case QJsonValue::String:
            return QStringLiteral("\"%1\"").arg(value.toString());
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            return QStringLiteral("nothing");
    }
    return QStringLiteral("?");
}

QString apiMismatch(const QString &path, int builtFor, const QString &where) {
    QString message = QStringLiteral(
                          "%1 was built for plugin API %2%3; this Gatehouse speaks API %4 — "
                          "rebuild it against the Gatehouse %4 SDK")
                          .arg(path)
                          .arg(builtFor)
                          .arg(where)
                          .arg(GATEHOUSE_PLUGIN_API_VERSION);
    if (builtFor > GATEHOUSE_PLUGIN_API_VERSION)
        message += QStringLiteral(" (or run a Gatehouse that speaks API %1)").arg(builtFor);
    return message;
}

bool checkIid(const QString &iid, const QString &path, QString *error) {
    if (iid == QLatin1String(GATEHOUSE_PLUGIN_IID)) return true;
    if (iid.startsWith(kIidPrefix)) {
        bool ok = false;
        const int api = iid.mid(kIidPrefix.size()).toInt(&ok);
        if (ok) {
            *error = apiMismatch(path, api, {});
            return false;
        }
    }
    *error = QStringLiteral(
                 "%1 is a Qt plugin for %2, not a Gatehouse plugin: a Gatehouse plugin declares "
                 "Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE \"plugin.json\"), i.e. IID "
                 "\"%3\"")
                 .arg(path, iid.isEmpty() ? QStringLiteral("no IID") : iid,
                      QLatin1String(GATEHOUSE_PLUGIN_IID));
    return false;
}

// One message shape for every plugin.json problem: file, key, what to do.
QString jsonProblem(const QString &path, const QString &key, const QString &text) {
    return QStringLiteral("%1: plugin.json: \"%2\" %3").arg(path, key, text);
}

bool readHooks(const QJsonValue &value, const QString &path, PluginMetadata *out, QString *error) {
    if (value.isUndefined()) return true;
    const QString known = pluginHookNames().join(QStringLiteral(", "));
    if (!value.isArray()) {
        *error = jsonProblem(path, QStringLiteral("hooks"),
                             QStringLiteral("must be an array of hook names (%1), got %2")
                                 .arg(known, describe(value)));
        return false;
    }
    out->hookMask = 0;
    for (const QJsonValue &hook : value.toArray()) {
        const std::optional<PluginHook> parsed = pluginHookFromName(hook.toString());
        if (!parsed) {
            *error = jsonProblem(path, QStringLiteral("hooks"),
                                 QStringLiteral("names an unknown hook %1: the hooks are %2")
                                     .arg(describe(hook), known));
            return false;
        }
        out->hooks.append(hook.toString());
        out->hookMask |= pluginHookBit(*parsed);
    }
    return true;
}

bool readPluginJson(const QJsonObject &json, const QString &path, PluginMetadata *out,
                    QString *error) {
    const QJsonValue name = json.value(QLatin1String("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        *error = jsonProblem(path, QStringLiteral("name"),
                             QStringLiteral("must be the plugin's name, a non-empty string like "
                                            "\"my-plugin\" (got %1)")
                                 .arg(describe(name)));
        return false;
    }
    out->name = name.toString();

    const QJsonValue version = json.value(QLatin1String("version"));
    if (version.isString() && !version.toString().isEmpty()) {
        out->version = version.toString();
    } else if (version.isDouble()) {
        out->version = QString::number(version.toDouble());
    } else {
        *error = jsonProblem(path, QStringLiteral("version"),
                             QStringLiteral("must be the plugin's own version, like \"1.0.0\" "
                                            "(got %1)")
                                 .arg(describe(version)));
        return false;
    }

    const QJsonValue api = json.value(QLatin1String("apiVersion"));
    if (!api.isDouble() || api.toDouble() != double(api.toInt())) {
        *error = jsonProblem(path, QStringLiteral("apiVersion"),
                             QStringLiteral("must be the plugin API the plugin was written for: "
                                            "add \"apiVersion\": %1 (got %2)")
                                 .arg(GATEHOUSE_PLUGIN_API_VERSION)
                                 .arg(describe(api)));
        return false;
    }
    out->apiVersion = api.toInt();
    if (out->apiVersion != GATEHOUSE_PLUGIN_API_VERSION) {
        *error =
            apiMismatch(path, out->apiVersion,
                        QStringLiteral(" (plugin.json \"apiVersion\": %1)").arg(out->apiVersion)) +
            QStringLiteral(", and set \"apiVersion\": %1").arg(GATEHOUSE_PLUGIN_API_VERSION);
        return false;
    }

    const QJsonValue description = json.value(QLatin1String("description"));
    if (!description.isUndefined() && !description.isString()) {
        *error =
            jsonProblem(path, QStringLiteral("description"),
                        QStringLiteral("must be a string (got %1)").arg(describe(description)));
        return false;
    }
    out->description = description.toString();

    if (!readHooks(json.value(QLatin1String("hooks")), path, out, error)) return false;

    const QJsonValue schema = json.value(QLatin1String("configSchema"));
    if (!schema.isUndefined() && !schema.isObject()) {
        *error = jsonProblem(path, QStringLiteral("configSchema"),
                             QStringLiteral("must be a JSON Schema object describing \"config\" "
                                            "(got %1)")
                                 .arg(describe(schema)));
        return false;
    }
    out->configSchema = schema.toObject();
    return true;
}
}  // namespace

std::optional<PluginMetadata> PluginMetadata::read(const QString &path, const QString &shownPath,
                                                   QString *error) {
    if (QString problem = PluginFileCheck::checkLibraryFile(path); !problem.isEmpty()) {
        *error = problem.replace(path, shownPath);
        return std::nullopt;
    }
    QJsonObject qt;
    QString qtError;
    {
        // Reading metadata maps the file but runs no code. The loader is
        // dropped at once so Qt forgets this path (its cache is per path).
        QPluginLoader loader(path);
        qt = loader.metaData();
        if (qt.isEmpty()) qtError = loader.errorString();
    }
    if (qt.isEmpty()) {
        *error = PluginFileCheck::explainLoaderError(qtError, path, shownPath);
        return std::nullopt;
    }
    return fromQtMetaData(qt, shownPath, error);
}

std::optional<PluginMetadata> PluginMetadata::fromQtMetaData(const QJsonObject &qt,
                                                             const QString &shownPath,
                                                             QString *error) {
    PluginMetadata out;
    out.iid = qt.value(QLatin1String("IID")).toString();
    out.className = qt.value(QLatin1String("className")).toString();
    out.qtVersion = qt.value(QLatin1String("version")).toInt();
    // Qt's own check (same major, minor not newer), done here so the message
    // names both versions and comes before any code is mapped.
    if (const QString problem = PluginFileCheck::checkQtVersion(shownPath, out.qtVersion);
        !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    if (!checkIid(out.iid, shownPath, error)) return std::nullopt;
    const QJsonValue json = qt.value(QLatin1String("MetaData"));
    if (!json.isObject()) {
        *error = QStringLiteral(
                     "%1 has no plugin.json metadata: name it in the plugin class, "
                     "Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE \"plugin.json\"), with at "
                     "least {\"name\": ..., \"version\": ..., \"apiVersion\": %2}")
                     .arg(shownPath)
                     .arg(GATEHOUSE_PLUGIN_API_VERSION);
        return std::nullopt;
    }
    if (!readPluginJson(json.toObject(), shownPath, &out, error)) return std::nullopt;
    return out;
}

}  // namespace gatehouse
