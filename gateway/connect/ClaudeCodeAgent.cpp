#include "ClaudeCodeAgent.h"

#include "ConfigFiles.h"
#include "ConnectBackup.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace gatehouse {

namespace {

QString configDir() {
    const QString dir = qEnvironmentVariable("CLAUDE_CONFIG_DIR");
    return dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.claude") : dir;
}

}  // namespace

QString ClaudeCodeAgent::settingsPath() {
    return configDir() + QStringLiteral("/settings.json");
}

QString ClaudeCodeAgent::statePath() {
    const QString dir = qEnvironmentVariable("CLAUDE_CONFIG_DIR");
    return (dir.isEmpty() ? QDir::homePath() : dir) + QStringLiteral("/.claude.json");
}

bool ClaudeCodeAgent::installed() const {
    return !QStandardPaths::findExecutable(QStringLiteral("claude")).isEmpty() ||
           QDir(configDir()).exists();
}

bool ClaudeCodeAgent::edits(const ConnectOptions &options, QList<FileEdit> *out,
                            QString *error) const {
    QJsonObject settings;
    if (!ConfigFiles::readJsonObject(settingsPath(), &settings, error)) return false;
    QJsonObject env = settings.value(QLatin1String("env")).toObject();
    env.insert(QStringLiteral("ANTHROPIC_BASE_URL"),
               gatewayUrl(options.port, QStringLiteral("/anthropic")));
    // Any value: with a token set Claude Code does not ask to log in, and the
    // gateway answers its owner's connections without one (it never reaches
    // a provider: the gateway uses the provider's own keys).
    env.insert(QStringLiteral("ANTHROPIC_AUTH_TOKEN"), QStringLiteral("gatehouse"));
    // Its background work (titles, summaries) asks the small/fast model,
    // which would otherwise be a Claude name the gateway may not route.
    const QStringList modelKeys{QStringLiteral("ANTHROPIC_MODEL"),
                                QStringLiteral("ANTHROPIC_DEFAULT_HAIKU_MODEL"),
                                QStringLiteral("ANTHROPIC_SMALL_FAST_MODEL")};
    QByteArray own;
    if (!options.model.isEmpty()) {
        for (const QString &key : modelKeys) env.insert(key, options.model);
    } else if (ConnectBackup(id()).original(settingsPath(), &own)) {
        // The user's own model settings, from before the first connect.
        const QJsonObject ownEnv =
            QJsonDocument::fromJson(own).object().value(QLatin1String("env")).toObject();
        for (const QString &key : modelKeys) {
            if (ownEnv.contains(key))
                env.insert(key, ownEnv.value(key));
            else
                env.remove(key);
        }
    }
    settings.insert(QStringLiteral("env"), env);
    out->append({settingsPath(), ConfigFiles::jsonBytes(settings)});

    if (options.mcp) {
        QJsonObject state;
        if (!ConfigFiles::readJsonObject(statePath(), &state, error)) return false;
        QJsonObject servers = state.value(QLatin1String("mcpServers")).toObject();
        servers.insert(
            QStringLiteral("gatehouse"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                        {QStringLiteral("url"), gatewayUrl(options.port, QStringLiteral("/mcp"))}});
        state.insert(QStringLiteral("mcpServers"), servers);
        out->append({statePath(), ConfigFiles::jsonBytes(state)});
    }
    return true;
}

bool ClaudeCodeAgent::wired(int port) const {
    QJsonObject settings;
    QString ignored;
    if (!ConfigFiles::readJsonObject(settingsPath(), &settings, &ignored)) return false;
    return settings.value(QLatin1String("env"))
               .toObject()
               .value(QLatin1String("ANTHROPIC_BASE_URL")) ==
           gatewayUrl(port, QStringLiteral("/anthropic"));
}

}  // namespace gatehouse
