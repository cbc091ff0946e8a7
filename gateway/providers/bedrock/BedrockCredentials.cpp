#include "BedrockCredentials.h"

#include "config/GatewayConfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

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

QString configFilePath() {
    const QString named = env("AWS_CONFIG_FILE");
    if (!named.isEmpty()) return named;
    return QDir::homePath() + QStringLiteral("/.aws/config");
}

// One [section] of an AWS INI file (names lower-cased); empty when the file
// or the section is missing.
QHash<QString, QString> readSection(const QString &path, const QString &section) {
    QFile file(path);
    QHash<QString, QString> out;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    bool inSection = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) ||
            line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('[')) && line.endsWith(QLatin1Char(']'))) {
            inSection = line.mid(1, line.size() - 2).simplified() == section;
            continue;
        }
        if (!inSection) continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0) out.insert(line.left(eq).trimmed().toLower(), line.mid(eq + 1).trimmed());
    }
    return out;
}

// The files are read again only when they changed: a worker may sign many
// requests a second, with the profiles of several keys.
QHash<QString, QString> cachedSection(const QString &path, const QString &section) {
    struct Entry {
        QDateTime modified;
        qint64 size = -1;
        QHash<QString, QString> values;
    };
    thread_local QHash<QString, Entry> cache;  // path + '\n' + section
    const QFileInfo info(path);
    if (!info.exists()) return {};
    const QString id = path + QLatin1Char('\n') + section;
    auto it = cache.find(id);
    if (it == cache.end() || it->modified != info.lastModified() || it->size != info.size())
        it = cache.insert(id, Entry{info.lastModified(), info.size(), readSection(path, section)});
    return it->values;
}

aws::Credentials credentialsFrom(const QHash<QString, QString> &section) {
    return {section.value(QStringLiteral("aws_access_key_id")),
            section.value(QStringLiteral("aws_secret_access_key")),
            section.value(QStringLiteral("aws_session_token"))};
}

// The region ~/.aws/config gives a profile ("[profile work]"; the default
// profile's section is "[default]").
QString profileRegion(const QString &profile) {
    const QString section =
        profile == QLatin1String("default") ? profile : QStringLiteral("profile ") + profile;
    return cachedSection(configFilePath(), section).value(QStringLiteral("region"));
}

}  // namespace

aws::Credentials readCredentialsFile(const QString &path, const QString &profile) {
    return credentialsFrom(readSection(path, profile));
}

bool resolveBedrockAuth(const BedrockKeyConfig *key, const QString &apiKey, BedrockAuth *out,
                        QString *error) {
    const QString keyProfile = key ? resolveEnvReference(key->profile).trimmed() : QString();
    out->region = key ? resolveEnvReference(key->region) : QString();
    if (out->region.isEmpty() && !keyProfile.isEmpty()) out->region = profileRegion(keyProfile);
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
    if (key && !key->profile.trimmed().isEmpty()) {
        // A profile the key names is its identity: a missing one is an
        // error, not a reason to sign as someone else.
        QString variable;
        if (unsetReference(key->profile, &variable)) {
            *error = QStringLiteral(
                         "bedrock_key_config.profile reads the environment variable %1, "
                         "which is not set. Set it and restart Gatehouse.")
                         .arg(variable);
            return false;
        }
        const QString path = credentialsFilePath();
        out->credentials = credentialsFrom(cachedSection(path, keyProfile));
        if (out->credentials.isComplete()) return true;
        *error = QStringLiteral(
                     "bedrock_key_config.profile names the profile [%1], which has no "
                     "aws_access_key_id and aws_secret_access_key in %2 "
                     "(AWS_SHARED_CREDENTIALS_FILE names another file).")
                     .arg(keyProfile, path);
        return false;
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
    out->credentials = credentialsFrom(cachedSection(path, profile));
    if (out->credentials.isComplete()) return true;
    *error = QStringLiteral(
                 "No AWS credentials: set bedrock_key_config.access_key and secret_key "
                 "(or profile) in the provider's key, or AWS_ACCESS_KEY_ID and "
                 "AWS_SECRET_ACCESS_KEY, or a [%1] profile with aws_access_key_id and "
                 "aws_secret_access_key in %2 (AWS_PROFILE picks the profile).")
                 .arg(profile, path);
    return false;
}

}  // namespace gatehouse
