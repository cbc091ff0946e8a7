#include "BedrockCredentials.h"

#include "config/GatewayConfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gatehouse {

namespace {

QString env(const char *name) {
    return qEnvironmentVariable(name);
}

// "env.VAR" that names an unset variable: worth its own message.
bool unsetReference(const QString &value, QString *variable) {
    if (!value.startsWith(QLatin1String("env.")) || value.size() <= 4) return false;
    *variable = value.mid(4);
    return resolveEnvReference(value).isEmpty();
}

QString credentialsFilePath() {
    const QString named = env("AWS_SHARED_CREDENTIALS_FILE");
    if (!named.isEmpty()) return named;
    return QDir::homePath() + QStringLiteral("/.aws/credentials");
}

// The file is read again only when it changed: a worker may sign many
// requests a second.
aws::Credentials cachedFileCredentials(const QString &path, const QString &profile) {
    struct Cache {
        QString path, profile;
        QDateTime modified;
        qint64 size = -1;
        aws::Credentials credentials;
    };
    thread_local Cache cache;
    const QFileInfo info(path);
    if (!info.exists()) return {};
    if (cache.path != path || cache.profile != profile || cache.modified != info.lastModified() ||
        cache.size != info.size()) {
        cache = Cache{path, profile, info.lastModified(), info.size(),
                      readCredentialsFile(path, profile)};
    }
    return cache.credentials;
}

}  // namespace

aws::Credentials readCredentialsFile(const QString &path, const QString &profile) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    aws::Credentials out;
    bool inProfile = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) ||
            line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('[')) && line.endsWith(QLatin1Char(']'))) {
            inProfile = line.mid(1, line.size() - 2).trimmed() == profile;
            continue;
        }
        if (!inProfile) continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0) continue;
        const QString name = line.left(eq).trimmed().toLower();
        const QString value = line.mid(eq + 1).trimmed();
        if (name == QLatin1String("aws_access_key_id"))
            out.accessKeyId = value;
        else if (name == QLatin1String("aws_secret_access_key"))
            out.secretAccessKey = value;
        else if (name == QLatin1String("aws_session_token"))
            out.sessionToken = value;
    }
    return out;
}

bool resolveBedrockAuth(const BedrockKeyConfig *key, const QString &apiKey, BedrockAuth *out,
                        QString *error) {
    out->region = key ? resolveEnvReference(key->region) : QString();
    if (out->region.isEmpty()) out->region = env("AWS_REGION");
    if (out->region.isEmpty()) out->region = env("AWS_DEFAULT_REGION");
    if (out->region.isEmpty()) out->region = QStringLiteral("us-east-1");

    if (key && !key->accessKey.isEmpty()) {
        QString variable;
        for (const QString *value : {&key->accessKey, &key->secretKey, &key->sessionToken}) {
            if (unsetReference(*value, &variable)) {
                *error = QStringLiteral(
                             "bedrock_key_config reads the environment variable %1, "
                             "which is not set. Set it and restart Gatehouse.")
                             .arg(variable);
                return false;
            }
        }
        out->credentials = {resolveEnvReference(key->accessKey),
                            resolveEnvReference(key->secretKey),
                            resolveEnvReference(key->sessionToken)};
        if (!out->credentials.isComplete()) {
            *error = QStringLiteral("bedrock_key_config has an access_key but no secret_key.");
            return false;
        }
        return true;
    }
    if (!apiKey.isEmpty()) {
        out->bearerToken = apiKey;
        return true;
    }
    out->credentials = {env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                        env("AWS_SESSION_TOKEN")};
    if (out->credentials.isComplete()) return true;
    QString profile = env("AWS_PROFILE");
    if (profile.isEmpty()) profile = QStringLiteral("default");
    const QString path = credentialsFilePath();
    out->credentials = cachedFileCredentials(path, profile);
    if (out->credentials.isComplete()) return true;
    *error = QStringLiteral(
                 "No AWS credentials: set bedrock_key_config.access_key and secret_key "
                 "in the provider's key, or AWS_ACCESS_KEY_ID and "
                 "AWS_SECRET_ACCESS_KEY, or a [%1] profile with aws_access_key_id and "
                 "aws_secret_access_key in %2 (AWS_PROFILE picks the profile).")
                 .arg(profile, path);
    return false;
}

}  // namespace gatehouse
