#include "ServiceAccount.h"

#include "config/GatewayConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {

// Google's token endpoint, for key files that leave token_uri out.
constexpr char kDefaultTokenUri[] = "https://oauth2.googleapis.com/token";

bool readFile(const QString &path, const QString &source, QByteArray *out, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the service-account file %1 (%2): %3")
                     .arg(path, source, file.errorString());
        return false;
    }
    *out = file.readAll();
    return true;
}

}  // namespace

bool parseServiceAccount(const QByteArray &json, const QString &source, ServiceAccount *out,
                         QString *error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        // The parser's message only: the text may be a private key.
        *error = QStringLiteral("the service account (%1) is not a JSON object: %2")
                     .arg(source, parseError.error == QJsonParseError::NoError
                                      ? QStringLiteral("not an object")
                                      : parseError.errorString());
        return false;
    }
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString();
    if (!type.isEmpty() && type != QLatin1String("service_account")) {
        *error = QStringLiteral(
                     "the credentials (%1) are of type \"%2\"; Vertex needs a "
                     "service account's key (\"type\": \"service_account\")")
                     .arg(source, type);
        return false;
    }
    out->clientEmail = o.value(QLatin1String("client_email")).toString();
    out->privateKey = o.value(QLatin1String("private_key")).toString();
    out->privateKeyId = o.value(QLatin1String("private_key_id")).toString();
    out->tokenUri = o.value(QLatin1String("token_uri")).toString();
    if (out->tokenUri.isEmpty()) out->tokenUri = QLatin1String(kDefaultTokenUri);
    for (const char *required : {"client_email", "private_key"}) {
        if (o.value(QLatin1String(required)).toString().isEmpty()) {
            *error = QStringLiteral("the service account (%1) has no \"%2\"")
                         .arg(source, QLatin1String(required));
            return false;
        }
    }
    return true;
}

bool loadServiceAccount(const QString &authCredentials, ServiceAccount *out, QString *error) {
    QString source = QStringLiteral("auth_credentials");
    QString text = authCredentials.trimmed();
    if (text.startsWith(QLatin1String("env."))) {
        source = QStringLiteral("environment variable %1").arg(text.mid(4));
        text = resolveEnvReference(text).trimmed();
        if (text.isEmpty()) {
            *error = QStringLiteral("the %1 is not set").arg(source);
            return false;
        }
    }
    if (text.isEmpty()) {
        text = qEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS").trimmed();
        source = QStringLiteral("GOOGLE_APPLICATION_CREDENTIALS");
        if (text.isEmpty()) {
            *error = QStringLiteral(
                "no service account: set vertex_key_config.auth_credentials "
                "or GOOGLE_APPLICATION_CREDENTIALS, or give an access token "
                "as the key's value");
            return false;
        }
    }
    if (text.startsWith(QLatin1Char('{')))
        return parseServiceAccount(text.toUtf8(), source, out, error);
    QByteArray json;
    return readFile(text, source, &json, error) && parseServiceAccount(json, text, out, error);
}

}  // namespace gatehouse
