#include "MockerConfig.h"

#include <QJsonArray>
#include <QStringList>

namespace gatehouse::mocker {

namespace {

// Every check that fails writes "<field>: <what to do>" to *error and returns
// false, so the first problem found is the one reported.
bool fail(QString *error, const QString &field, const QString &message) {
    *error = field + QStringLiteral(": ") + message;
    return false;
}

// A misspelt key would otherwise be silently ignored (a rule that never
// matches, an error without its status): refuse it and list the right ones.
bool onlyKnownKeys(const QJsonObject &object, const QStringList &known, const QString &path,
                   QString *error) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key())) continue;
        const QString field = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
        return fail(error, field,
                    QStringLiteral("unknown setting; expected one of: ") +
                        known.join(QStringLiteral(", ")));
    }
    return true;
}

// OpenAI's error type for a status, when the config names none.
QString defaultErrorType(int status) {
    switch (status) {
        case 400:
            return QStringLiteral("invalid_request_error");
        case 401:
            return QStringLiteral("authentication_error");
        case 403:
            return QStringLiteral("permission_error");
        case 404:
            return QStringLiteral("not_found_error");
        case 429:
            return QStringLiteral("rate_limit_error");
        default:
            return QStringLiteral("api_error");
    }
}

bool parseError(const QJsonValue &value, const QString &path, PluginError *out, QString *error) {
    if (!value.isObject())
        return fail(error, path, QStringLiteral("must be an object with status and message"));
    const QJsonObject o = value.toObject();
    if (!onlyKnownKeys(o, {"status", "message", "type", "code", "allow_fallbacks"}, path, error))
        return false;
    const QJsonValue status = o.value(QLatin1String("status"));
    if (!status.isUndefined()) {
        const double s = status.toDouble(-1);
        if (!status.isDouble() || s != int(s) || s < 400 || s > 599)
            return fail(error, path + QStringLiteral(".status"),
                        QStringLiteral("must be an HTTP error status, 400 to 599"));
        out->status = int(s);
    }
    out->message = o.value(QLatin1String("message")).toString();
    if (out->message.isEmpty())
        return fail(error, path + QStringLiteral(".message"),
                    QStringLiteral("required: the text the client receives"));
    for (const char *key : {"type", "code"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return fail(error, path + QLatin1Char('.') + QLatin1String(key),
                        QStringLiteral("must be a string"));
    }
    out->type = o.value(QLatin1String("type")).toString(defaultErrorType(out->status));
    out->code = o.value(QLatin1String("code")).toString();
    const QJsonValue fallbacks = o.value(QLatin1String("allow_fallbacks"));
    if (!fallbacks.isUndefined() && !fallbacks.isBool())
        return fail(error, path + QStringLiteral(".allow_fallbacks"),
                    QStringLiteral("must be true or false"));
    out->allowFallbacks = fallbacks.toBool(true);
    return true;
}

bool parseReply(const QJsonValue &value, const QString &path, MockReply *out, QString *error) {
    if (!value.isObject())
        return fail(error, path, QStringLiteral("must be an object with \"text\" or \"error\""));
    const QJsonObject o = value.toObject();
    if (o.contains(QLatin1String("delay_ms")))
        return fail(error, path + QStringLiteral(".delay_ms"),
                    QStringLiteral("not supported: waiting in a hook stalls a gateway thread "
                                   "for the whole wait (possibly a worker thread serving many "
                                   "connections). For slow answers, route to the mock provider "
                                   "and set its mock_config.latency_ms, which waits on a timer"));
    if (!onlyKnownKeys(o, {"text", "error"}, path, error)) return false;
    const bool hasText = o.contains(QLatin1String("text"));
    const bool hasError = o.contains(QLatin1String("error"));
    if (hasText == hasError)
        return fail(error, path, QStringLiteral("needs exactly one of \"text\" or \"error\""));
    if (hasText) {
        const QJsonValue text = o.value(QLatin1String("text"));
        if (!text.isString())
            return fail(error, path + QStringLiteral(".text"), QStringLiteral("must be a string"));
        out->text = text.toString();
        return true;
    }
    PluginError e;
    if (!parseError(o.value(QLatin1String("error")), path + QStringLiteral(".error"), &e, error))
        return false;
    out->error = e;
    return true;
}

bool parsePattern(const QJsonObject &match, const char *key, const QString &path,
                  std::optional<QRegularExpression> *out, QString *error) {
    const QJsonValue value = match.value(QLatin1String(key));
    if (value.isUndefined()) return true;
    const QString field = path + QLatin1Char('.') + QLatin1String(key);
    if (!value.isString())
        return fail(error, field, QStringLiteral("must be a regular expression string"));
    QRegularExpression re(value.toString());
    if (!re.isValid())
        return fail(error, field,
                    QStringLiteral("invalid regular expression: %1 at offset %2")
                        .arg(re.errorString())
                        .arg(re.patternErrorOffset()));
    re.optimize();  // compile now, not on the first request
    *out = re;
    return true;
}

bool parseRule(const QJsonValue &value, int index, MockRule *rule, QString *error) {
    const QString path = QStringLiteral("rules[%1]").arg(index);
    if (!value.isObject()) return fail(error, path, QStringLiteral("must be an object"));
    const QJsonObject o = value.toObject();
    if (!onlyKnownKeys(o, {"name", "match", "respond", "probability"}, path, error)) return false;

    const QJsonValue name = o.value(QLatin1String("name"));
    if (!name.isUndefined() && !name.isString())
        return fail(error, path + QStringLiteral(".name"), QStringLiteral("must be a string"));
    rule->name = name.toString(path);

    const QJsonValue match = o.value(QLatin1String("match"));
    if (!match.isUndefined()) {
        const QString matchPath = path + QStringLiteral(".match");
        if (!match.isObject())
            return fail(error, matchPath,
                        QStringLiteral("must be an object with model, provider and/or message"));
        const QJsonObject m = match.toObject();
        if (!onlyKnownKeys(m, {"model", "provider", "message"}, matchPath, error)) return false;
        if (!parsePattern(m, "model", matchPath, &rule->model, error) ||
            !parsePattern(m, "provider", matchPath, &rule->provider, error) ||
            !parsePattern(m, "message", matchPath, &rule->message, error))
            return false;
    }

    const QJsonValue probability = o.value(QLatin1String("probability"));
    if (!probability.isUndefined()) {
        const double p = probability.toDouble(-1);
        if (!probability.isDouble() || p < 0 || p > 1)
            return fail(error, path + QStringLiteral(".probability"),
                        QStringLiteral("must be a number from 0 to 1"));
        rule->probability = p;
    }

    if (!o.contains(QLatin1String("respond")))
        return fail(error, path + QStringLiteral(".respond"),
                    QStringLiteral("required: {\"text\": ...} or {\"error\": {...}}"));
    return parseReply(o.value(QLatin1String("respond")), path + QStringLiteral(".respond"),
                      &rule->reply, error);
}

}  // namespace

bool parseMockerConfig(const QJsonObject &json, MockerConfig *config, QString *error) {
    MockerConfig c;
    if (!onlyKnownKeys(json, {"enabled", "rules", "default"}, QString(), error)) return false;
    const QJsonValue enabled = json.value(QLatin1String("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        return fail(error, QStringLiteral("enabled"), QStringLiteral("must be true or false"));
    c.enabled = enabled.toBool(true);

    const QJsonValue rules = json.value(QLatin1String("rules"));
    if (!rules.isUndefined() && !rules.isArray())
        return fail(error, QStringLiteral("rules"), QStringLiteral("must be an array of rules"));
    const QJsonArray list = rules.toArray();
    for (int i = 0; i < list.size(); ++i) {
        MockRule rule;
        if (!parseRule(list.at(i), i, &rule, error)) return false;
        c.rules << rule;
    }

    if (json.contains(QLatin1String("default"))) {
        MockReply reply;
        if (!parseReply(json.value(QLatin1String("default")), QStringLiteral("default"), &reply,
                        error))
            return false;
        c.fallback = reply;
    }
    *config = std::move(c);
    return true;
}

}  // namespace gatehouse::mocker
