#include "GovernanceConfig.h"

#include "Durations.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>
#include <cmath>

namespace gatehouse::governance {

namespace {

bool fail(QString *error, const QString &field, const QString &message) {
    *error = field + QStringLiteral(": ") + message;
    return false;
}

// A misspelt limit would otherwise be silently ignored: the key would be
// unlimited. Refuse it and list the right names.
bool onlyKnownKeys(const QJsonObject &object, const QStringList &known, const QString &path,
                   QString *error) {
    for (const QString &key : object.keys()) {
        if (known.contains(key)) continue;
        return fail(error, path.isEmpty() ? key : path + QLatin1Char('.') + key,
                    QStringLiteral("unknown setting; expected one of: ") +
                        known.join(QStringLiteral(", ")));
    }
    return true;
}

// "mock/*" -> ^mock/.*$ : only * is special. Patterns with a "/" are tried
// on "provider/model", others on the bare model name.
QRegularExpression modelPattern(const QString &pattern) {
    QStringList parts = pattern.split(QLatin1Char('*'));
    for (QString &part : parts) part = QRegularExpression::escape(part);
    QRegularExpression re(QRegularExpression::anchoredPattern(parts.join(QStringLiteral(".*"))));
    re.optimize();
    return re;
}

bool positiveWhole(const QJsonObject &o, const char *key, const QString &path,
                   std::optional<qint64> *out, QString *error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    const double x = v.toDouble(-1);
    if (!v.isDouble() || x < 1 || x != std::floor(x) || x > 9e15)
        return fail(error, path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("must be a whole number of at least 1"));
    *out = qint64(x);
    return true;
}

bool positiveNumber(const QJsonObject &o, const char *key, const QString &path,
                    std::optional<double> *out, QString *error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    if (!v.isDouble() || !(v.toDouble() > 0))
        return fail(error, path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("must be a number greater than 0"));
    *out = v.toDouble();
    return true;
}

bool parseBudget(const QJsonValue &value, const QString &path, Budget *budget, QString *error) {
    if (!value.isObject())
        return fail(error, path, QStringLiteral("must be an object with max_tokens or max_usd"));
    const QJsonObject o = value.toObject();
    if (!onlyKnownKeys(o, {"max_tokens", "max_usd", "price_per_1k_tokens", "reset_duration"}, path,
                       error))
        return false;
    std::optional<double> price;
    if (!positiveWhole(o, "max_tokens", path, &budget->maxTokens, error) ||
        !positiveNumber(o, "max_usd", path, &budget->maxUsd, error) ||
        !positiveNumber(o, "price_per_1k_tokens", path, &price, error))
        return false;
    if (!budget->maxTokens && !budget->maxUsd)
        return fail(error, path, QStringLiteral("needs max_tokens or max_usd"));
    if (price && !budget->maxUsd)
        return fail(error, path + QStringLiteral(".price_per_1k_tokens"),
                    QStringLiteral("only used with max_usd; add max_usd or remove it"));
    budget->pricePer1kTokens = price;
    const QJsonValue reset = o.value(QLatin1String("reset_duration"));
    if (!reset.isUndefined()) {
        const std::optional<CounterPeriod> period = parsePeriod(reset.toString());
        if (!period)
            return fail(error, path + QStringLiteral(".reset_duration"),
                        QStringLiteral("must be a number and a unit: s, m, h, d, w, M (months) "
                                       "or Y (years), e.g. \"1d\" or \"1M\""));
        budget->period = *period;
    }
    return true;
}

// mcp_configs (Bifrost's shape): the MCP servers and tools the key's
// requests may get; the gateway applies it (McpToolSelection), the shape is
// checked here so a mistake is named when the config is applied.
bool checkMcpConfigs(const QJsonValue &value, const QString &path, QString *error) {
    if (value.isUndefined()) return true;
    if (!value.isArray())
        return fail(error, path,
                    QStringLiteral("must be an array like [{\"mcp_client_name\": \"files\", "
                                   "\"tools_to_execute\": [\"read_file\"]}]"));
    const QJsonArray list = value.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QString at = path + QStringLiteral("[%1]").arg(i);
        if (!list.at(i).isObject()) return fail(error, at, QStringLiteral("must be an object"));
        const QJsonObject c = list.at(i).toObject();
        if (!onlyKnownKeys(c, {"mcp_client_name", "tools_to_execute"}, at, error)) return false;
        if (c.value(QLatin1String("mcp_client_name")).toString().isEmpty())
            return fail(
                error, at + QStringLiteral(".mcp_client_name"),
                QStringLiteral("required: the name of an MCP server in mcp.client_configs"));
        const QJsonValue tools = c.value(QLatin1String("tools_to_execute"));
        bool strings = tools.isArray();
        for (const QJsonValue &t : tools.toArray()) strings = strings && t.isString();
        if (!strings)
            return fail(error, at + QStringLiteral(".tools_to_execute"),
                        QStringLiteral("required: an array of the server's tool names, [\"*\"] "
                                       "for all of them, [] for none"));
    }
    return true;
}

bool parseKey(const QJsonValue &value, const QString &path, VirtualKey *vk, QString *error) {
    if (!value.isObject()) return fail(error, path, QStringLiteral("must be an object"));
    const QJsonObject o = value.toObject();
    if (!onlyKnownKeys(o,
                       {"key", "key_sha256", "name", "allowed_models", "requests_per_minute",
                        "tokens_per_minute", "budget", "mcp_configs"},
                       path, error))
        return false;
    // The key itself, or (as the panel and /api/governance/virtual-keys
    // store it) only its SHA-256, so the config never holds it.
    const QJsonValue key = o.value(QLatin1String("key"));
    const QJsonValue hash = o.value(QLatin1String("key_sha256"));
    if (!key.isUndefined() && !hash.isUndefined())
        return fail(error, path + QStringLiteral(".key_sha256"),
                    QStringLiteral("give \"key\" or \"key_sha256\", not both"));
    if (!hash.isUndefined()) {
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        if (!hex.match(hash.toString()).hasMatch())
            return fail(error, path + QStringLiteral(".key_sha256"),
                        QStringLiteral("must be the key's SHA-256 as 64 lowercase hex digits"));
        vk->hash = hash.toString();
    } else {
        if (!key.isString() || key.toString().isEmpty())
            return fail(error, path + QStringLiteral(".key"),
                        QStringLiteral("required: the value clients send in x-bf-vk (or "
                                       "\"key_sha256\", its SHA-256)"));
        vk->hash = keyHash(key.toString());
    }
    const QJsonValue name = o.value(QLatin1String("name"));
    if (!name.isUndefined() && (!name.isString() || name.toString().isEmpty()))
        return fail(error, path + QStringLiteral(".name"),
                    QStringLiteral("must be a non-empty string"));
    vk->name = name.toString(path);

    const QJsonValue models = o.value(QLatin1String("allowed_models"));
    if (!models.isUndefined() && !models.isArray())
        return fail(error, path + QStringLiteral(".allowed_models"),
                    QStringLiteral("must be an array of \"provider/model\" patterns"));
    const QJsonArray list = models.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QString pattern = list.at(i).toString();
        if (pattern.isEmpty())
            return fail(error, path + QStringLiteral(".allowed_models[%1]").arg(i),
                        QStringLiteral("must be a non-empty string like \"openai/gpt-4o*\""));
        vk->allowedModels << pattern;
        vk->allowedPatterns << modelPattern(pattern);
    }

    if (!checkMcpConfigs(o.value(QLatin1String("mcp_configs")),
                         path + QStringLiteral(".mcp_configs"), error))
        return false;

    std::optional<qint64> rpm, tpm;
    if (!positiveWhole(o, "requests_per_minute", path, &rpm, error) ||
        !positiveWhole(o, "tokens_per_minute", path, &tpm, error))
        return false;
    vk->requestsPerMinute = rpm.value_or(0);
    vk->tokensPerMinute = tpm.value_or(0);

    if (o.contains(QLatin1String("budget"))) {
        Budget budget;
        if (!parseBudget(o.value(QLatin1String("budget")), path + QStringLiteral(".budget"),
                         &budget, error))
            return false;
        vk->budget = budget;
    }
    return true;
}

}  // namespace

QString keyHash(const QString &key) {
    return QString::fromLatin1(
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool VirtualKey::allowsModel(const QString &provider, const QString &model) const {
    if (allowedPatterns.isEmpty()) return true;
    const QString full = provider + QLatin1Char('/') + model;
    for (int i = 0; i < allowedPatterns.size(); ++i) {
        const bool qualified = allowedModels.at(i).contains(QLatin1Char('/'));
        if (allowedPatterns.at(i).match(qualified ? full : model).hasMatch()) return true;
    }
    return false;
}

bool parseGovernanceConfig(const QJsonObject &json, GovernanceConfig *config, QString *error) {
    if (!onlyKnownKeys(json, {"required", "virtual_keys"}, QString(), error)) return false;
    GovernanceConfig c;
    const QJsonValue required = json.value(QLatin1String("required"));
    if (!required.isUndefined() && !required.isBool())
        return fail(error, QStringLiteral("required"), QStringLiteral("must be true or false"));
    c.required = required.toBool(false);

    const QJsonValue keys = json.value(QLatin1String("virtual_keys"));
    if (!keys.isUndefined() && !keys.isArray())
        return fail(error, QStringLiteral("virtual_keys"),
                    QStringLiteral("must be an array of virtual keys"));
    QSet<QString> seen;
    const QJsonArray list = keys.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("virtual_keys[%1]").arg(i);
        VirtualKey vk;
        if (!parseKey(list.at(i), path, &vk, error)) return false;
        if (seen.contains(vk.hash))
            return fail(error, path + QStringLiteral(".key"),
                        QStringLiteral("the same key is listed twice; each must be unique"));
        seen.insert(vk.hash);
        c.keys << vk;
    }
    if (c.required && c.keys.isEmpty())
        return fail(error, QStringLiteral("virtual_keys"),
                    QStringLiteral("required is true but no keys are listed: every request "
                                   "would be refused"));
    *config = std::move(c);
    return true;
}

}  // namespace gatehouse::governance
