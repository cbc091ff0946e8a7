#include "McpJson.h"

#include "store/ConfigMasking.h"
#include "store/McpEdits.h"

#include <QJsonArray>

namespace gatehouse {

QJsonObject mcpClientJson(const McpClientStatus &s) {
    const McpClientConfig &c = s.config;
    QJsonObject config{
        {QStringLiteral("name"), c.name},
        {QStringLiteral("connection_type"), connectionTypeName(c.connection)},
        {QStringLiteral("tools_to_execute"), QJsonArray::fromStringList(c.toolsToExecute)},
        {QStringLiteral("tools_to_skip"), QJsonArray::fromStringList(c.toolsToSkip)},
        {QStringLiteral("enabled"), c.enabled}};
    if (!c.toolsToAutoExecute.isEmpty())
        config.insert(QStringLiteral("tools_to_auto_execute"),
                      QJsonArray::fromStringList(c.toolsToAutoExecute));
    if (c.connection == McpClientConfig::Connection::Stdio) {
        config.insert(QStringLiteral("stdio_config"),
                      QJsonObject{{QStringLiteral("command"), c.command},
                                  {QStringLiteral("args"), QJsonArray::fromStringList(c.args)},
                                  {QStringLiteral("envs"),
                                   QJsonArray::fromStringList(McpEdits::maskEnvs(c.envs))}});
    } else {
        config.insert(QStringLiteral("connection_string"), c.connectionString);
        config.insert(QStringLiteral("auth_type"), authTypeName(c.auth));
        QJsonObject headers;
        for (const auto &[name, value] : c.headers)
            headers.insert(name, ConfigMasking::maskKey(value));
        if (!headers.isEmpty()) config.insert(QStringLiteral("headers"), headers);
    }
    config.insert(QStringLiteral("handshake_timeout_seconds"), c.handshakeTimeoutMs / 1000.0);
    config.insert(QStringLiteral("tool_timeout_seconds"), c.toolTimeoutMs / 1000.0);
    QJsonArray tools;
    for (const McpTool &t : s.tools) {
        QJsonObject o{{QStringLiteral("name"), t.name},
                      {QStringLiteral("prefixed_name"), c.name + QLatin1Char('-') + t.name},
                      {QStringLiteral("description"), t.description},
                      {QStringLiteral("input_schema"), t.inputSchema},
                      {QStringLiteral("allowed"), c.allowsTool(t.name)},
                      {QStringLiteral("auto_execute"), c.autoExecutes(t.name)}};
        if (!t.title.isEmpty()) o.insert(QStringLiteral("title"), t.title);
        if (!t.annotations.isEmpty()) o.insert(QStringLiteral("annotations"), t.annotations);
        tools.append(o);
    }
    auto orNull = [](const QString &v) { return v.isEmpty() ? QJsonValue() : QJsonValue(v); };
    return {
        {QStringLiteral("name"), c.name},
        {QStringLiteral("config"), config},
        {QStringLiteral("state"), mcpStateName(s.state)},
        {QStringLiteral("last_error"), orNull(s.lastError)},
        {QStringLiteral("stderr_tail"), orNull(s.stderrTail)},
        {QStringLiteral("pid"), s.pid > 0 ? QJsonValue(s.pid) : QJsonValue()},
        {QStringLiteral("protocol_version"), orNull(s.protocolVersion)},
        {QStringLiteral("server_info"), QJsonObject{{QStringLiteral("name"), s.serverName},
                                                    {QStringLiteral("version"), s.serverVersion}}},
        {QStringLiteral("reconnect_attempt"), s.reconnectAttempt},
        {QStringLiteral("retry_in_ms"), s.retryInMs},
        {QStringLiteral("tool_calls"), s.toolCalls},
        {QStringLiteral("tool_errors"), s.toolErrors},
        {QStringLiteral("tools"), tools}};
}

QJsonObject mcpToolJson(const McpOfferedTool &t) {
    // The server's own entry, renamed: what it said about its tool reaches
    // the client unchanged.
    QJsonObject o = t.tool.raw;
    o.insert(QStringLiteral("name"), t.name);
    if (!o.contains(QStringLiteral("inputSchema")))
        o.insert(QStringLiteral("inputSchema"),
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}});
    return o;
}

}  // namespace gatehouse
