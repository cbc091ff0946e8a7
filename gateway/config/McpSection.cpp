#include "ConfigSections.h"

#include <QRegularExpression>

namespace gatehouse {
namespace ConfigSections {

namespace {

bool readConnection(ConfigReader &reader, const ConfigReader::Field &f,
                    McpClientConfig::Connection *out) {
    QString type;
    if (!reader.readString(f, &type)) return false;
    type = type.trimmed().toLower();
    if (type == QLatin1String("stdio") || type.isEmpty())
        *out = McpClientConfig::Connection::Stdio;
    else if (type == QLatin1String("http") || type == QLatin1String("streamable_http") ||
             type == QLatin1String("streamablehttp"))
        *out = McpClientConfig::Connection::Http;
    else if (type == QLatin1String("sse"))
        *out = McpClientConfig::Connection::Sse;
    else
        return reader.fail(f.path, QStringLiteral("expected \"stdio\", \"http\" (streamable "
                                                  "HTTP) or \"sse\", got \"%1\"")
                                       .arg(type.left(80)));
    return true;
}

// Bifrost's auth_type: "headers" (and none given) sends the headers,
// "none" does not; OAuth needs a sign-in Gatehouse does not do.
bool readAuth(ConfigReader &reader, const ConfigReader::Field &f, McpClientConfig::Auth *out) {
    QString type;
    if (!reader.readString(f, &type)) return false;
    type = type.trimmed().toLower();
    if (type.isEmpty() || type == QLatin1String("headers"))
        *out = McpClientConfig::Auth::Headers;
    else if (type == QLatin1String("none"))
        *out = McpClientConfig::Auth::None;
    else
        return reader.fail(f.path, QStringLiteral("expected \"headers\" or \"none\", got \"%1\" "
                                                  "(Gatehouse does no OAuth sign-in: put the "
                                                  "token in \"headers\")")
                                       .arg(type.left(80)));
    return true;
}

bool readHeaders(ConfigReader &reader, const ConfigReader::Field &f,
                 QList<QPair<QString, QString>> *out) {
    QJsonObject headers;
    if (!reader.readObject(f, &headers)) return false;
    for (const QString &name : reader.keysInFileOrder(headers, f.path)) {
        const ConfigReader::Field h = ConfigReader::field(headers, f.path, name);
        QString value;
        if (!reader.readString(h, &value)) return false;
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        if (!token.match(name).hasMatch())
            return reader.fail(
                h.path, QStringLiteral("\"%1\" is not an HTTP header name").arg(name.left(80)));
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')))
            return reader.fail(h.path, QStringLiteral("a header value may not hold a line break"));
        out->append({name, value});
    }
    return true;
}

bool readMcpClient(ConfigReader &reader, const ConfigReader::Field &f, McpClientConfig *out) {
    if (!f.value.isObject())
        return reader.fail(f.path, QStringLiteral("expected an MCP client object like {\"name\": "
                                                  "\"files\", \"connection_type\": \"stdio\", "
                                                  "\"stdio_config\": {\"command\": \"npx\"}}, "
                                                  "got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonObject o = f.value.toObject();
    auto field = [&](const char *key) {
        return ConfigReader::field(o, f.path, QString::fromLatin1(key));
    };
    const ConfigReader::Field name = field("name");
    double handshake = out->handshakeTimeoutMs / 1000.0;
    double tool = out->toolTimeoutMs / 1000.0;
    QJsonObject stdio;
    const ConfigReader::Field stdioField = field("stdio_config");
    if (!reader.readString(name, &out->name) ||
        !readConnection(reader, field("connection_type"), &out->connection) ||
        !reader.readString(field("connection_string"), &out->connectionString) ||
        !reader.readStringList(field("tools_to_execute"), &out->toolsToExecute) ||
        !reader.readStringList(field("tools_to_skip"), &out->toolsToSkip) ||
        !reader.readStringList(field("tools_to_auto_execute"), &out->toolsToAutoExecute) ||
        !reader.readBool(field("enabled"), &out->enabled) ||
        !readHeaders(reader, field("headers"), &out->headers) ||
        !readAuth(reader, field("auth_type"), &out->auth) ||
        !reader.readNumber(field("handshake_timeout_seconds"), 0, 3600, &handshake) ||
        !reader.readNumber(field("tool_timeout_seconds"), 0, 86400, &tool) ||
        !reader.readObject(stdioField, &stdio))
        return false;
    // Bifrost's own switch, the other way round.
    bool disabled = false;
    if (!reader.readBool(field("disabled"), &disabled)) return false;
    if (disabled) out->enabled = false;
    if (handshake > 0) out->handshakeTimeoutMs = qMax(1, int(handshake * 1000));
    if (tool > 0) out->toolTimeoutMs = qMax(1, int(tool * 1000));
    // The name prefixes its tools ("files-read_file"), so it may not hold
    // the hyphen that separates the two.
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9_]+$"));
    if (!valid.match(out->name).hasMatch())
        return reader.fail(name.path,
                           out->name.isEmpty()
                               ? QStringLiteral("missing: every MCP client needs a name")
                               : QStringLiteral("\"%1\": use letters, digits and _ only (the "
                                                "name prefixes its tools as name-tool)")
                                     .arg(out->name.left(80)));
    if (out->connection == McpClientConfig::Connection::Stdio) {
        const ConfigReader::Field command =
            ConfigReader::field(stdio, stdioField.path, QStringLiteral("command"));
        if (!reader.readString(command, &out->command) ||
            !reader.readStringList(
                ConfigReader::field(stdio, stdioField.path, QStringLiteral("args")), &out->args) ||
            !reader.readStringList(
                ConfigReader::field(stdio, stdioField.path, QStringLiteral("envs")), &out->envs))
            return false;
        if (out->command.trimmed().isEmpty())
            return reader.fail(command.path,
                               QStringLiteral("missing: a stdio MCP client needs the command "
                                              "that starts its server"));
    } else if (out->connectionString.trimmed().isEmpty()) {
        return reader.fail(field("connection_string").path,
                           QStringLiteral("missing: an %1 MCP client needs the server's URL")
                               .arg(connectionTypeName(out->connection)));
    }
    return true;
}

// Bifrost's tool_manager_config: max_agent_depth, and
// tool_execution_timeout ("30s", or seconds) as the tool call timeout of
// clients that set none of their own.
bool readToolManager(ConfigReader &reader, const QJsonObject &mcp, const JsonPath &mcpPath,
                     McpConfig *out) {
    const ConfigReader::Field f =
        ConfigReader::field(mcp, mcpPath, QStringLiteral("tool_manager_config"));
    QJsonObject manager;
    if (!reader.readObject(f, &manager) ||
        !reader.readInt(ConfigReader::field(manager, f.path, QStringLiteral("max_agent_depth")), 1,
                        100, &out->maxAgentDepth))
        return false;
    const ConfigReader::Field timeout =
        ConfigReader::field(manager, f.path, QStringLiteral("tool_execution_timeout"));
    if (!timeout.isSet()) return true;
    double seconds = 0;
    if (timeout.value.isString()) {
        static const QRegularExpression duration(
            QStringLiteral("^\\s*([0-9.]+)\\s*(ms|s|m)?\\s*$"));
        const auto m = duration.match(timeout.value.toString());
        bool ok = m.hasMatch();
        const double n = m.captured(1).toDouble(&ok);
        const QString unit = m.captured(2);
        seconds = unit == QLatin1String("ms") ? n / 1000 : unit == QLatin1String("m") ? n * 60 : n;
        if (!ok || seconds <= 0 || seconds > 86400)
            return reader.fail(timeout.path, QStringLiteral("expected a duration like \"30s\", "
                                                            "\"500ms\" or \"2m\" (up to a day)"));
    } else if (!reader.readNumber(timeout, 0.001, 86400, &seconds)) {
        return false;
    }
    out->toolTimeoutMs = qMax(1, int(seconds * 1000));
    return true;
}

}  // namespace

bool readMcp(ConfigReader &reader, const QJsonObject &root, McpConfig *out) {
    const ConfigReader::Field mcp = ConfigReader::field(root, {}, QStringLiteral("mcp"));
    QJsonObject section;
    if (!reader.readObject(mcp, &section)) return false;
    if (!readToolManager(reader, section, mcp.path, out) ||
        !reader.readStringList(
            ConfigReader::field(section, mcp.path, QStringLiteral("default_include_clients")),
            &out->defaultIncludeClients))
        return false;
    const ConfigReader::Field f =
        ConfigReader::field(section, mcp.path, QStringLiteral("client_configs"));
    QJsonArray clients;
    if (!reader.readArray(f, &clients)) return false;
    for (qsizetype i = 0; i < clients.size(); ++i) {
        McpClientConfig client;
        client.toolTimeoutMs = out->toolTimeoutMs;
        const ConfigReader::Field entry{clients.at(i), f.path.index(int(i))};
        if (!readMcpClient(reader, entry, &client)) return false;
        for (qsizetype j = 0; j < out->clients.size(); ++j)
            if (out->clients.at(j).name == client.name)
                return reader.fail(entry.path.key(QStringLiteral("name")),
                                   QStringLiteral("MCP client \"%1\" is listed twice (also "
                                                  "mcp.client_configs[%2]); remove one")
                                       .arg(client.name)
                                       .arg(j));
        out->clients.append(std::move(client));
    }
    return true;
}

}  // namespace ConfigSections
}  // namespace gatehouse
