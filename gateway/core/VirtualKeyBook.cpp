#include "VirtualKeyBook.h"

#include "ConfigReconciler.h"
#include "GatewayHostServices.h"
#include "GatewayState.h"
#include "plugins/PluginManager.h"
#include "quota/CounterLeases.h"
#include "security/SecretMask.h"

#include <gatehouse/host_services.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <array>

namespace gatehouse {

namespace VirtualKeyBook {

namespace {

const QString kKeys = QStringLiteral("virtual_keys");

QString sha256Hex(const QString &text) {
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// "vk-" and 32 random bytes, base64url: unguessable, header-safe.
QString newKey() {
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->generate(words.begin(), words.end());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QStringLiteral("vk-") +
           QString::fromLatin1(
               bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// What the plugin's counter `what` of key `id` holds in the window of `now`.
QJsonValue counted(SharedCounters *counters, const QString &id, const char *what,
                   const CounterPeriod &period, qint64 now, QJsonObject *window = nullptr) {
    const CounterPeriod::Window w = period.windowAt(now);
    const SharedCounters::State read =
        counters->peek(QStringLiteral("vk-%1/%2").arg(id, QLatin1String(what)), period, 0);
    if (window && period.unit != CounterPeriod::Unit::Forever)
        *window = {{QStringLiteral("start"),
                    QDateTime::fromMSecsSinceEpoch(w.startMs, Qt::UTC).toString(Qt::ISODate)},
                   {QStringLiteral("end"),
                    QDateTime::fromMSecsSinceEpoch(w.endMs, Qt::UTC).toString(Qt::ISODate)}};
    return read.storeError ? QJsonValue() : QJsonValue(read.used);
}

}  // namespace

QString idOf(const QJsonObject &entry) {
    const QString hash = entry.contains(QLatin1String("key_sha256"))
                             ? entry.value(QLatin1String("key_sha256")).toString()
                             : sha256Hex(entry.value(QLatin1String("key")).toString());
    return hash.left(16);
}

std::optional<Created> create(const QJsonObject &config, const QJsonObject &spec, QString *error) {
    const QString name = spec.value(QLatin1String("name")).toString().trimmed();
    if (name.isEmpty()) {
        *error = QStringLiteral(
            "\"name\" is required: it names the key in messages and the "
            "panel (the key itself is never shown again)");
        return std::nullopt;
    }
    QJsonArray keys = config.value(kKeys).toArray();
    for (const QJsonValue &k : keys)
        if (k.toObject().value(QLatin1String("name")).toString() == name) {
            *error =
                QStringLiteral("a virtual key named \"%1\" exists; choose another name").arg(name);
            return std::nullopt;
        }
    Created c;
    c.key = newKey();
    const QString hash = sha256Hex(c.key);
    c.id = hash.left(16);
    // The plugin checks the rest when the config is applied, naming what it refuses.
    QJsonObject entry = spec;
    entry.remove(QStringLiteral("key"));
    entry.insert(QStringLiteral("name"), name);
    entry.insert(QStringLiteral("key_sha256"), hash);
    keys.append(entry);
    c.config = config;
    c.config.insert(kKeys, keys);
    return c;
}

std::optional<QJsonObject> revoke(const QJsonObject &config, const QString &id, QString *error) {
    QJsonArray keys = config.value(kKeys).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (idOf(keys.at(i).toObject()) != id) continue;
        keys.removeAt(i);
        QJsonObject out = config;
        out.insert(kKeys, keys);
        return out;
    }
    *error = QStringLiteral("no virtual key with id \"%1\"").arg(id);
    return std::nullopt;
}

QJsonArray list(const QJsonObject &config, SharedCounters *counters, qint64 nowMs) {
    QJsonArray out;
    const CounterPeriod minute{CounterPeriod::Unit::Minute, 1};
    for (const QJsonValue &k : config.value(kKeys).toArray()) {
        const QJsonObject entry = k.toObject();
        const QString id = idOf(entry);
        QJsonObject item{{QStringLiteral("id"), id},
                         {QStringLiteral("name"), entry.value(QLatin1String("name"))},
                         {QStringLiteral("stored"), entry.contains(QLatin1String("key_sha256"))
                                                        ? QStringLiteral("hash")
                                                        : QStringLiteral("plain")}};
        if (entry.contains(QLatin1String("key")))
            item.insert(QStringLiteral("key"),
                        SecretMask::mask(entry.value(QLatin1String("key")).toString()));
        for (const char *field :
             {"allowed_models", "requests_per_minute", "tokens_per_minute", "budget"})
            if (entry.contains(QLatin1String(field)))
                item.insert(QLatin1String(field), entry.value(QLatin1String(field)));
        if (counters) {
            QJsonObject usage;
            if (entry.contains(QLatin1String("requests_per_minute")))
                usage.insert(QStringLiteral("requests_this_minute"),
                             counted(counters, id, "requests", minute, nowMs));
            if (entry.contains(QLatin1String("tokens_per_minute")))
                usage.insert(QStringLiteral("tokens_this_minute"),
                             counted(counters, id, "tokens", minute, nowMs));
            const QJsonObject budget = entry.value(QLatin1String("budget")).toObject();
            if (!budget.isEmpty()) {
                const CounterPeriod period =
                    CounterPeriod::parse(budget.value(QLatin1String("reset_duration")).toString())
                        .value_or(CounterPeriod());
                QJsonObject window;
                if (budget.contains(QLatin1String("max_usd"))) {
                    const QJsonValue nano =
                        counted(counters, id, "budget-nano-usd", period, nowMs, &window);
                    usage.insert(QStringLiteral("budget_used_usd"),
                                 nano.isNull() ? QJsonValue() : QJsonValue(nano.toDouble() / 1e9));
                }
                if (budget.contains(QLatin1String("max_tokens")))
                    usage.insert(QStringLiteral("budget_used_tokens"),
                                 counted(counters, id, "budget-tokens", period, nowMs, &window));
                if (!window.isEmpty()) usage.insert(QStringLiteral("budget_window"), window);
            }
            item.insert(QStringLiteral("usage"), usage);
        }
        out.append(item);
    }
    return out;
}

namespace {

const QString kGovernance = QStringLiteral("governance");

// The governance entry's config, or an outcome saying how to get one.
bool governanceConfig(PluginManager *m, QJsonObject *config, Outcome *out) {
    const auto s = m ? m->status(kGovernance) : std::nullopt;
    if (s) {
        *config = s->config;
        return true;
    }
    out->status = 409;
    out->code = QStringLiteral("governance_not_configured");
    out->error = QStringLiteral(
        "the governance plugin is not configured: add it (bundled, by name: {\"name\": "
        "\"governance\", \"enabled\": true}) to manage virtual keys");
    return false;
}

Outcome refused(int status, const QString &code, const QString &error) {
    return Outcome{status, code, error, {}};
}

// The new config goes to the store first; the reconciler applies it to the
// plugin (whose init() may still refuse it). Without one (a bare host in
// tests), straight to the host.
bool applyConfig(GatewayState &state, const QJsonObject &config, QString *error) {
    if (!state.reconciler) return state.plugins->setConfig(kGovernance, config, error);
    PluginEdits::Update update;
    update.config = config;
    const ConfigStore::Result result = state.reconciler->updatePlugin(kGovernance, update);
    if (!result.ok()) *error = result.error;
    return result.ok();
}

}  // namespace

Outcome createIn(GatewayState &state, const QJsonObject &spec) {
    Outcome out;
    QJsonObject config;
    if (!governanceConfig(state.plugins, &config, &out)) return out;
    QString error;
    const auto made = create(config, spec, &error);
    if (!made) return refused(400, QStringLiteral("virtual_key_refused"), error);
    if (!applyConfig(state, made->config, &error))
        return refused(400, QStringLiteral("virtual_key_refused"), error);
    out.status = 201;
    out.body = {{QStringLiteral("id"), made->id},
                {QStringLiteral("name"), spec.value(QLatin1String("name")).toString().trimmed()},
                {QStringLiteral("key"), made->key}};
    return out;
}

Outcome revokeIn(GatewayState &state, const QString &id) {
    Outcome out;
    QJsonObject config;
    if (!governanceConfig(state.plugins, &config, &out)) return out;
    QString error;
    const auto next = revoke(config, id, &error);
    if (!next) return refused(404, QStringLiteral("virtual_key_not_found"), error);
    if (!applyConfig(state, *next, &error))
        return refused(400, QStringLiteral("virtual_key_refused"), error);
    out.body = {{QStringLiteral("id"), id}, {QStringLiteral("revoked"), true}};
    return out;
}

Outcome listOf(GatewayState &state) {
    Outcome out;
    QJsonObject config;
    if (!governanceConfig(state.plugins, &config, &out)) return out;
    const auto services = state.hostServices(kGovernance);
    SharedCounters *counters = services ? services->counters() : nullptr;
    std::unique_ptr<CounterLeases> reader;  // the plugin is not running
    if (!counters && state.leases) {
        reader = std::make_unique<CounterLeases>(state.leases, kGovernance + QLatin1Char('/'));
        counters = reader.get();
    }
    out.body = {{QStringLiteral("virtual_keys"),
                 list(config, counters, QDateTime::currentMSecsSinceEpoch())},
                {QStringLiteral("required"), config.value(QLatin1String("required")).toBool()}};
    return out;
}

}  // namespace VirtualKeyBook

}  // namespace gatehouse
