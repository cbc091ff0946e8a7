#include "ConfigSections.h"

namespace gatehouse {
namespace ConfigSections {

namespace {
constexpr qint64 kMiB = 1024 * 1024;
// 1 TiB: far above any sane body, low enough that bytes fit in qint64.
constexpr double kMaxBodyMb = 1024.0 * 1024.0;

bool readLocalTrust(ConfigReader &reader, const ConfigReader::Field &f,
                    ClientConfig::LocalTrust *out) {
    QString value;
    if (!reader.readString(f, &value)) return false;
    if (!f.isSet()) return true;
    if (value == QLatin1String("owner"))
        *out = ClientConfig::LocalTrust::Owner;
    else if (value == QLatin1String("any"))
        *out = ClientConfig::LocalTrust::Any;
    else
        return reader.fail(f.path, QStringLiteral("expected \"owner\" (only your own processes "
                                                  "use the gateway without the API token) or "
                                                  "\"any\" (every process that reaches the "
                                                  "port), got \"%1\"")
                                       .arg(value.left(100)));
    return true;
}
// "model_aliases": [{"match", "target", "endpoints"?}, ...]
bool readModelAliases(ConfigReader &reader, const ConfigReader::Field &f, QList<ModelAlias> *out) {
    QJsonArray entries;
    if (!reader.readArray(f, &entries)) return false;
    QList<ModelAlias> aliases;
    for (int i = 0; i < entries.size(); ++i) {
        const JsonPath at = f.path.index(i);
        const ConfigReader::Field entry{entries.at(i), at};
        QJsonObject o;
        if (!reader.readObject(entry, &o)) return false;
        if (!entry.isSet())
            return reader.fail(at, QStringLiteral("expected {\"match\": \"model name or glob\", "
                                                  "\"target\": \"provider/model\"}"));
        ModelAlias alias;
        const auto field = [&](const char *key) {
            return ConfigReader::field(o, at, QString::fromLatin1(key));
        };
        if (!reader.readString(field("match"), &alias.match) ||
            !reader.readString(field("target"), &alias.target) ||
            !reader.readStringList(field("endpoints"), &alias.endpoints))
            return false;
        if (alias.match.trimmed().isEmpty())
            return reader.fail(at.key(QStringLiteral("match")),
                               QStringLiteral("expected the model name clients send, or a glob "
                                              "such as \"claude-sonnet-*\""));
        const qsizetype slash = alias.target.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == alias.target.size() - 1)
            return reader.fail(at.key(QStringLiteral("target")),
                               QStringLiteral("expected \"provider/model\" (for example "
                                              "\"ollama/qwen3-coder:30b\"), got \"%1\"")
                                   .arg(alias.target.left(100)));
        for (int e = 0; e < alias.endpoints.size(); ++e)
            if (!modelAliasEndpoints().contains(alias.endpoints.at(e)))
                return reader.fail(at.key(QStringLiteral("endpoints")).index(e),
                                   QStringLiteral("expected one of %1, got \"%2\"")
                                       .arg(modelAliasEndpoints().join(QStringLiteral(", ")),
                                            alias.endpoints.at(e).left(100)));
        aliases << alias;
    }
    *out = aliases;
    return true;
}
}  // namespace

bool readClient(ConfigReader &reader, const QJsonObject &root, ClientConfig *out) {
    const JsonPath path = JsonPath().key(QStringLiteral("client"));
    QJsonObject client;
    if (!reader.readObject(ConfigReader::field(root, {}, QStringLiteral("client")), &client))
        return false;
    auto f = [&](const char *key) {
        return ConfigReader::field(client, path, QString::fromLatin1(key));
    };

    double bodyMb = 0;
    const bool ok =
        reader.readBool(f("drop_excess_requests"), &out->dropExcessRequests) &&
        reader.readNumber(f("max_request_body_size_mb"), 0, kMaxBodyMb, &bodyMb) &&
        reader.readBool(f("enable_logging"), &out->enableLogging) &&
        reader.readInt(f("log_retention_days"), 1, 36500, &out->logRetentionDays,
                       ConfigReader::Zero::MeansDefault) &&
        reader.readBool(f("disable_content_logging"), &out->disableContentLogging) &&
        reader.readInt(f("log_max_size_mb"), 0, 100 * 1024 * 1024, &out->logMaxSizeMb) &&
        reader.readStringList(f("allowed_origins"), &out->allowedOrigins) &&
        reader.readStringList(f("allowed_hosts"), &out->allowedHosts) &&
        reader.readSecondsAsMs(f("header_timeout_seconds"), &out->headerTimeoutMs) &&
        reader.readSecondsAsMs(f("idle_timeout_seconds"), &out->idleTimeoutMs) &&
        reader.readSecondsAsMs(f("shutdown_timeout_seconds"), &out->shutdownGraceMs) &&
        reader.readInt(f("plugin_hook_threads"), 1, 1024, &out->pluginHookThreads,
                       ConfigReader::Zero::MeansDefault) &&
        readLocalTrust(reader, f("local_trust"), &out->localTrust) &&
        reader.readBool(f("local_trust_root"), &out->localTrustRoot) &&
        readModelAliases(reader, f("model_aliases"), &out->modelAliases);
    // 0 keeps the default, as in Bifrost.
    if (ok && bodyMb > 0) out->maxRequestBodyBytes = qMax<qint64>(1, qint64(bodyMb * kMiB));
    return ok;
}

}  // namespace ConfigSections
}  // namespace gatehouse
