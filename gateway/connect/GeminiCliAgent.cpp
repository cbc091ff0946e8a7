#include "GeminiCliAgent.h"

#include "ConfigFiles.h"
#include "ConnectBackup.h"
#include "DotEnvText.h"

#include <QDir>
#include <QJsonObject>
#include <QStandardPaths>

namespace gatehouse {

namespace {

QString geminiDir() {
    return QDir::homePath() + QStringLiteral("/.gemini");
}

}  // namespace

QString GeminiCliAgent::envPath() {
    return geminiDir() + QStringLiteral("/.env");
}
QString GeminiCliAgent::settingsPath() {
    return geminiDir() + QStringLiteral("/settings.json");
}

bool GeminiCliAgent::installed() const {
    return !QStandardPaths::findExecutable(QStringLiteral("gemini")).isEmpty() ||
           QDir(geminiDir()).exists();
}

bool GeminiCliAgent::edits(const ConnectOptions &options, QList<FileEdit> *out,
                           QString *error) const {
    QJsonObject settings;
    if (!ConfigFiles::readJsonObject(settingsPath(), &settings, error)) return false;
    QByteArray env;
    if (!ConfigFiles::read(envPath(), &env, error)) return false;

    // A placeholder key: the CLI needs one to start, the gateway answers its
    // owner's connections without one and uses the provider's own.
    QList<QPair<QByteArray, QByteArray>> values{
        {"GOOGLE_GEMINI_BASE_URL", gatewayUrl(options.port, QStringLiteral("/genai")).toUtf8()},
        {"GEMINI_API_KEY", "gatehouse"}};
    QByteArray own;
    if (!options.model.isEmpty()) {
        values.append({"GEMINI_MODEL", options.model.toUtf8()});
    } else if (ConnectBackup(id()).original(envPath(), &own)) {
        // The user's own model line, from before the first connect.
        const QByteArray model = DotEnvText::rawValue(own, "GEMINI_MODEL");
        if (model.isEmpty())
            env = DotEnvText::remove(env, "GEMINI_MODEL");
        else
            values.append({"GEMINI_MODEL", model});
    }
    out->append({envPath(), DotEnvText::set(env, values)});

    QJsonObject security = settings.value(QLatin1String("security")).toObject();
    QJsonObject auth = security.value(QLatin1String("auth")).toObject();
    auth.insert(QStringLiteral("selectedType"), QStringLiteral("gemini-api-key"));
    security.insert(QStringLiteral("auth"), auth);
    settings.insert(QStringLiteral("security"), security);
    if (options.mcp) {
        QJsonObject servers = settings.value(QLatin1String("mcpServers")).toObject();
        servers.insert(
            QStringLiteral("gatehouse"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                        {QStringLiteral("url"), gatewayUrl(options.port, QStringLiteral("/mcp"))}});
        settings.insert(QStringLiteral("mcpServers"), servers);
    }
    out->append({settingsPath(), ConfigFiles::jsonBytes(settings)});
    return true;
}

bool GeminiCliAgent::wired(int port) const {
    QByteArray env;
    QString ignored;
    if (!ConfigFiles::read(envPath(), &env, &ignored)) return false;
    return DotEnvText::value(env, "GOOGLE_GEMINI_BASE_URL") ==
           gatewayUrl(port, QStringLiteral("/genai")).toUtf8();
}

}  // namespace gatehouse
