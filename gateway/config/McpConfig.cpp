#include "config/McpConfig.h"

namespace gatehouse {

bool McpClientConfig::allowsTool(const QString &tool) const {
    if (toolsToSkip.contains(tool)) return false;
    return toolsToExecute.contains(QStringLiteral("*")) || toolsToExecute.contains(tool);
}

bool McpClientConfig::autoExecutes(const QString &tool) const {
    return allowsTool(tool) &&
           (toolsToAutoExecute.contains(QStringLiteral("*")) || toolsToAutoExecute.contains(tool));
}

const McpClientConfig *McpConfig::client(const QString &name) const {
    for (const McpClientConfig &c : clients)
        if (c.name == name) return &c;
    return nullptr;
}

bool McpClientConfig::operator==(const McpClientConfig &o) const {
    return name == o.name && connection == o.connection && command == o.command && args == o.args &&
           envs == o.envs && connectionString == o.connectionString && headers == o.headers &&
           auth == o.auth && toolsToExecute == o.toolsToExecute && toolsToSkip == o.toolsToSkip &&
           toolsToAutoExecute == o.toolsToAutoExecute && enabled == o.enabled &&
           handshakeTimeoutMs == o.handshakeTimeoutMs && toolTimeoutMs == o.toolTimeoutMs;
}

QList<QPair<QByteArray, QByteArray>> McpClientConfig::requestHeaders() const {
    QList<QPair<QByteArray, QByteArray>> out;
    if (auth == Auth::None) return out;
    for (const auto &[header, value] : headers) {
        const QString v = value.startsWith(QLatin1String("env."))
                              ? qEnvironmentVariable(value.mid(4).toLocal8Bit().constData())
                              : value;
        out.append({header.toLatin1(), v.toUtf8()});
    }
    return out;
}

QString authTypeName(McpClientConfig::Auth a) {
    return a == McpClientConfig::Auth::None ? QStringLiteral("none") : QStringLiteral("headers");
}

QString connectionTypeName(McpClientConfig::Connection c) {
    switch (c) {
        case McpClientConfig::Connection::Stdio:
            return QStringLiteral("stdio");
        case McpClientConfig::Connection::Http:
            return QStringLiteral("http");
        case McpClientConfig::Connection::Sse:
            return QStringLiteral("sse");
    }
    return {};
}

}  // namespace gatehouse
