#include "CodexAgent.h"

#include "ConfigFiles.h"
#include "ConnectBackup.h"
#include "TomlText.h"

#include <QDir>
#include <QStandardPaths>

namespace gatehouse {

namespace {

QString codexHome() {
    const QString dir = qEnvironmentVariable("CODEX_HOME");
    return dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.codex") : dir;
}

}  // namespace

QString CodexAgent::configPath() {
    return codexHome() + QStringLiteral("/config.toml");
}

bool CodexAgent::installed() const {
    return !QStandardPaths::findExecutable(QStringLiteral("codex")).isEmpty() ||
           QDir(codexHome()).exists();
}

bool CodexAgent::edits(const ConnectOptions &options, QList<FileEdit> *out, QString *error) const {
    QByteArray toml;
    if (!ConfigFiles::read(configPath(), &toml, error)) return false;
    // Ours are rewritten whole, so connecting again (another port) leaves
    // one of each.
    toml = TomlText::removeTable(toml, "model_providers.gatehouse");
    if (options.mcp) toml = TomlText::removeTable(toml, "mcp_servers.gatehouse");
    QList<QPair<QByteArray, QByteArray>> top{
        {"model_provider", TomlText::quoted(QStringLiteral("gatehouse"))}};
    QByteArray own;
    if (!options.model.isEmpty()) {
        top.append({"model", TomlText::quoted(options.model)});
    } else if (ConnectBackup(id()).original(configPath(), &own)) {
        // The user's own model line, from before the first connect.
        const QByteArray model = TomlText::rawTopLevelValue(own, "model");
        if (model.isEmpty())
            toml = TomlText::removeTopLevel(toml, "model");
        else
            top.append({"model", model});
    }
    toml = TomlText::setTopLevel(toml, top);

    const QByteArray eol = toml.contains("\r\n") ? "\r\n" : "\n";
    if (!toml.isEmpty() && !toml.endsWith('\n')) toml += eol;
    if (!toml.isEmpty() && !toml.endsWith(eol + eol)) toml += eol;
    // No env_key and requires_openai_auth = false: Codex sends no key of its
    // own (and never the user's OpenAI login); the gateway adds the
    // provider's.
    toml += "[model_providers.gatehouse]" + eol +  //
            "name = \"Gatehouse\"" + eol +         //
            "base_url = " + TomlText::quoted(gatewayUrl(options.port, QStringLiteral("/v1"))) +
            eol + "wire_api = \"responses\"" + eol +  //
            "requires_openai_auth = false" + eol;
    if (options.mcp)
        toml += eol + "[mcp_servers.gatehouse]" + eol +
                "url = " + TomlText::quoted(gatewayUrl(options.port, QStringLiteral("/mcp"))) + eol;
    out->append({configPath(), toml});
    return true;
}

bool CodexAgent::wired(int port) const {
    QByteArray toml;
    QString ignored;
    if (!ConfigFiles::read(configPath(), &toml, &ignored)) return false;
    return TomlText::value(toml, {}, "model_provider") == "gatehouse" &&
           TomlText::value(toml, "model_providers.gatehouse", "base_url") ==
               gatewayUrl(port, QStringLiteral("/v1")).toUtf8();
}

}  // namespace gatehouse
