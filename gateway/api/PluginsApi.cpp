#include "PluginsApi.h"

#include "ApiReply.h"

#include "core/ConfigReconciler.h"
#include "core/GatewayState.h"
#include "http/GatewayError.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "plugins/PluginManager.h"
#include "security/RequestGuard.h"
#include "threading/QueuedDelivery.h"

#include <QDir>
#include <QJsonArray>
#include <QPointer>
#include <QUrlQuery>

namespace gatehouse {

namespace {

// The host loads every stored entry as it loads config.json's; where the
// entry came from is the store's to say ("api" once the API or the panel
// changed it).
QString sourceOf(const PluginStatus &s, const GatewayState *state) {
    if (!state || !state->configStore) return s.source;
    const ConfigItem *item = state->configStore->content()->find(ConfigSection::Plugins, s.name);
    return item && !item->deleted && item->source == ConfigSource::api() ? item->source : s.source;
}

QJsonObject statusJson(const PluginStatus &s, const GatewayState *state) {
    QJsonObject stats;
    for (auto it = s.stats.cbegin(); it != s.stats.cend(); ++it)
        stats.insert(it.key(), QJsonObject{{QStringLiteral("calls"), qint64(it->calls)},
                                           {QStringLiteral("errors"), qint64(it->errors)},
                                           {QStringLiteral("mean_us"), it->meanMicros}});
    return {{QStringLiteral("name"), s.name},
            {QStringLiteral("path"), s.path},
            {QStringLiteral("version"), s.version},
            {QStringLiteral("enabled"), s.enabled},
            {QStringLiteral("status"), pluginStateName(s.state)},
            {QStringLiteral("error"), s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error)},
            {QStringLiteral("plugin_name"), s.pluginName},
            {QStringLiteral("plugin_version"), s.pluginVersion},
            {QStringLiteral("description"), s.description},
            {QStringLiteral("api_version"), s.apiVersion},
            {QStringLiteral("hooks"), QJsonArray::fromStringList(s.hooks)},
            {QStringLiteral("config_schema"), s.configSchema},
            {QStringLiteral("config"), s.config},
            {QStringLiteral("stats"), stats},
            {QStringLiteral("hook_pace"), s.hookPace.isEmpty() ? QJsonValue() : s.hookPace},
            {QStringLiteral("source"), sourceOf(s, state)},
            {QStringLiteral("loaded_path"), s.loadedPath}};
}

QJsonObject logJson(const PluginLogLine &l) {
    return {{QStringLiteral("id"), l.id},
            {QStringLiteral("time"), l.time.toString(Qt::ISODateWithMs)},
            {QStringLiteral("plugin"), l.plugin},
            {QStringLiteral("level"), l.level},
            {QStringLiteral("hook"), l.hook},
            {QStringLiteral("request_id"), l.requestId},
            {QStringLiteral("message"), l.message}};
}

// The reconciler's outcome as the HTTP status the change lambdas return.
int answered(const ConfigStore::Result &result, QString *error) {
    if (!result.ok()) *error = result.error;
    return result.status;
}

// Every edit is committed to the config store first, through the
// reconciler, which then applies it to the plugin host; none without it.
ConfigReconciler *editor(GatewayState *state, QString *error) {
    if (!state->reconciler) *error = QStringLiteral("the gateway is stopping; try again");
    return state->reconciler;
}

}  // namespace

bool PluginsApi::allowedToNameCode(const std::shared_ptr<HttpExchange> &ex) const {
    return requireApiToken(ex, guard_.get(),
                           QStringLiteral("Naming a plugin file runs its code inside the gateway"));
}

void PluginsApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QList<QByteArray> parts = r.path.split('/');  // "", "api", "plugins", name, "logs"
    while (!parts.isEmpty() && parts.last().isEmpty()) parts.removeLast();
    const QString name = parts.size() > 3 ? QString::fromUtf8(parts[3]) : QString();
    const bool logs = parts.size() == 5 && parts[4] == "logs";
    if (parts.size() > 5 || (parts.size() == 5 && !logs)) {
        replyError(ex, 404, QStringLiteral("not_found"), QStringLiteral("No such plugin API path"));
        return;
    }
    if (!manager_) {
        replyError(ex, 503, QStringLiteral("plugins_unavailable"),
                   QStringLiteral("This gateway runs without a plugin host"));
        return;
    }

    // Reads: thread-safe, answered here.
    if (r.method == "GET" || r.method == "HEAD") {
        if (name.isEmpty()) {
            QJsonArray list;
            for (const PluginStatus &s : manager_->statuses()) list.append(statusJson(s, state_));
            replyJson(ex, 200, {{QStringLiteral("plugins"), list}});
            return;
        }
        const auto status = manager_->status(name);
        if (!status) {
            replyError(
                ex, 404, QStringLiteral("plugin_not_found"),
                QStringLiteral("no plugin named \"%1\": GET /api/plugins lists them").arg(name));
            return;
        }
        if (!logs) {
            replyJson(ex, 200, statusJson(*status, state_));
            return;
        }
        const QUrlQuery query(QString::fromUtf8(r.query));
        const qint64 after = query.queryItemValue(QStringLiteral("after")).toLongLong();
        int limit = query.queryItemValue(QStringLiteral("limit")).toInt();
        if (limit <= 0 || limit > 1000) limit = 200;
        QJsonArray lines;
        for (const PluginLogLine &l : manager_->logs(name, after, limit)) lines.append(logJson(l));
        replyJson(ex, 200, {{QStringLiteral("plugin"), name}, {QStringLiteral("lines"), lines}});
        return;
    }
    if (logs) {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   QStringLiteral("Use GET for logs"));
        return;
    }

    // Changes: run on the manager's thread, answered back on ours.
    QJsonObject body;
    const bool needsBody = r.method == "POST" || r.method == "PUT";
    if (r.method == "POST" && name.isEmpty() && !allowedToNameCode(ex)) return;
    if (needsBody && !readJsonObjectBody(ex, &body)) return;
    const bool putNamesCode = r.method == "PUT" && (body.contains(QStringLiteral("path")) ||
                                                    body.contains(QStringLiteral("sha256")));
    if (putNamesCode && !allowedToNameCode(ex)) return;
    using Change = std::function<int(QString * error)>;  // returns the HTTP status
    Change change;
    PluginManager *m = manager_;
    GatewayState *state = state_;
    if (r.method == "POST" && name.isEmpty()) {
        change = [m, state, body](QString *error) {
            PluginEntry entry;
            entry.name = body.value(QStringLiteral("name")).toString();
            entry.path = body.value(QStringLiteral("path")).toString();
            entry.version = body.value(QStringLiteral("version")).toInt(1);
            entry.enabled = body.value(QStringLiteral("enabled")).toBool(true);
            entry.config = body.value(QStringLiteral("config")).toObject();
            entry.sha256 = body.value(QStringLiteral("sha256")).toString().trimmed().toLower();
            if (entry.name.isEmpty() || entry.path.isEmpty()) {
                *error = QStringLiteral("\"name\" and \"path\" are required");
                return 400;
            }
            if (QDir::isRelativePath(entry.path) && !m->options().configDirectory.isEmpty())
                entry.path = QDir(m->options().configDirectory).absoluteFilePath(entry.path);
            ConfigReconciler *rc = editor(state, error);
            return rc ? answered(rc->addPlugin(entry), error) : 503;
        };
    } else if (r.method == "PUT" && !name.isEmpty()) {
        change = [state, name, body](QString *error) {
            const QJsonValue enabled = body.value(QStringLiteral("enabled"));
            const QJsonValue config = body.value(QStringLiteral("config"));
            const QJsonValue version = body.value(QStringLiteral("version"));
            if (enabled.isUndefined() && config.isUndefined() && version.isUndefined()) {
                *error =
                    QStringLiteral("Send at least one of \"enabled\", \"config\", \"version\"");
                return 400;
            }
            if (!config.isUndefined() && !config.isObject()) {
                *error = QStringLiteral("\"config\" must be an object");
                return 400;
            }
            if (!version.isUndefined() && (!version.isDouble() || version.toInt() < 1)) {
                *error = QStringLiteral("\"version\" must be an integer >= 1");
                return 400;
            }
            // One edit, one commit: the fields change together or not at all.
            PluginEdits::Update update;
            if (!enabled.isUndefined()) update.enabled = enabled.toBool();
            if (config.isObject()) update.config = config.toObject();
            if (!version.isUndefined()) update.version = version.toInt();
            ConfigReconciler *rc = editor(state, error);
            return rc ? answered(rc->updatePlugin(name, update), error) : 503;
        };
    } else if (r.method == "DELETE" && !name.isEmpty()) {
        change = [state, name](QString *error) {
            ConfigReconciler *rc = editor(state, error);
            return rc ? answered(rc->removePlugin(name), error) : 503;
        };
    } else {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   name.isEmpty()
                       ? QStringLiteral("Use GET or POST on /api/plugins")
                       : QStringLiteral("Use GET, PUT or DELETE on /api/plugins/{name}"));
        return;
    }
    QPointer<QObject> worker = worker_;
    // The answer's way back, connected now while the worker surely lives.
    auto reply = std::make_shared<QueuedDelivery>(worker_);
    QMetaObject::invokeMethod(m, [m, state, worker, reply, ex, name, change, body] {
        QString error;
        const int status = change(&error);
        const QString key = name.isEmpty() ? body.value(QStringLiteral("name")).toString() : name;
        const auto after = m->status(key);
        if (!worker) return;
        const QJsonObject shown = after ? statusJson(*after, state) : QJsonObject{};
        reply->send([ex, status, error, shown] {
            if (status >= 400) {
                replyError(ex, status,
                           status == 404   ? QStringLiteral("plugin_not_found")
                           : status == 409 ? QStringLiteral("plugin_exists")
                                           : QStringLiteral("plugin_change_refused"),
                           error);
                return;
            }
            replyJson(ex, status, shown);
        });
    });
}

}  // namespace gatehouse
