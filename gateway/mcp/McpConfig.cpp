#include "McpConfig.h"

namespace gatehouse {

bool McpClientConfig::allowsTool(const QString &tool) const {
    if (toolsToSkip.contains(tool)) return false;
    return toolsToExecute.contains(QStringLiteral("*")) || toolsToExecute.contains(tool);
}

bool McpClientConfig::operator==(const McpClientConfig &o) const {
    return name == o.name && connection == o.connection && command == o.command && args == o.args &&
           envs == o.envs && connectionString == o.connectionString &&
           toolsToExecute == o.toolsToExecute && toolsToSkip == o.toolsToSkip &&
           enabled == o.enabled && handshakeTimeoutMs == o.handshakeTimeoutMs &&
           toolTimeoutMs == o.toolTimeoutMs;
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
