#include "McpToolSelection.h"

#include "config/McpConfig.h"
#include "http/HttpHeaders.h"

#include <QJsonArray>
#include <QSet>

namespace gatehouse {

namespace {

std::optional<QStringList> list(const HttpHeaders &headers, const QByteArray &name) {
    if (!headers.contains(name)) return std::nullopt;
    QStringList out;
    for (const QString &item : QString::fromUtf8(headers.value(name)).split(QLatin1Char(',')))
        if (!item.trimmed().isEmpty()) out << item.trimmed();
    return out;
}

}  // namespace

McpToolSelection McpToolSelection::fromHeaders(const HttpHeaders &headers) {
    return {list(headers, "x-bf-mcp-include-clients"), list(headers, "x-bf-mcp-include-tools"),
            std::nullopt};
}

McpToolSelection McpToolSelection::forRequest(const HttpHeaders &headers, const McpConfig &config,
                                              const std::optional<QJsonObject> &virtualKey) {
    McpToolSelection s = fromHeaders(headers);
    if (virtualKey) s.keyTools = keyToolsOf(*virtualKey);
    if (!s.wanted()) {
        if (s.keyTools)
            s.clients = QStringList{QStringLiteral("*")};
        else if (!config.defaultIncludeClients.isEmpty())
            s.clients = config.defaultIncludeClients;
    }
    return s;
}

std::optional<QHash<QString, QStringList>> McpToolSelection::keyToolsOf(
    const QJsonObject &virtualKey) {
    const QJsonValue configs = virtualKey.value(QLatin1String("mcp_configs"));
    if (!configs.isArray()) return std::nullopt;
    QHash<QString, QStringList> out;
    for (const QJsonValue &v : configs.toArray()) {
        const QJsonObject c = v.toObject();
        QStringList tools;
        for (const QJsonValue &t : c.value(QLatin1String("tools_to_execute")).toArray())
            tools << t.toString();
        out[c.value(QLatin1String("mcp_client_name")).toString()] += tools;
    }
    return out;
}

bool McpToolSelection::keyAllows(const QString &client, const QString &tool) const {
    if (!keyTools) return true;
    const auto it = keyTools->constFind(client);
    return it != keyTools->constEnd() && (it->contains(QStringLiteral("*")) || it->contains(tool));
}

bool McpToolSelection::includes(const McpOfferedTool &t) const {
    if (!keyAllows(t.client, t.tool.name)) return false;
    if (clients && !clients->contains(QStringLiteral("*")) && !clients->contains(t.client))
        return false;
    if (tools && !tools->contains(t.name) && !tools->contains(t.client + QStringLiteral("-*")))
        return false;
    return true;
}

QList<McpOfferedTool> McpToolSelection::select(const QList<McpOfferedTool> &offered) const {
    QList<McpOfferedTool> out;
    if (!wanted()) return out;
    for (const McpOfferedTool &t : offered)
        if (includes(t)) out.append(t);
    return out;
}

int appendMcpTools(QJsonObject *body, const QList<McpOfferedTool> &tools) {
    QJsonArray list = body->value(QStringLiteral("tools")).toArray();
    QSet<QString> taken;
    for (const QJsonValue &v : list)
        taken.insert(v.toObject()
                         .value(QLatin1String("function"))
                         .toObject()
                         .value(QLatin1String("name"))
                         .toString());
    int added = 0;
    for (const McpOfferedTool &t : tools) {
        if (taken.contains(t.name)) continue;
        QJsonObject schema = t.tool.inputSchema;
        if (schema.isEmpty()) schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        QJsonObject function{{QStringLiteral("name"), t.name},
                             {QStringLiteral("parameters"), schema}};
        const QString description =
            !t.tool.description.isEmpty() ? t.tool.description : t.tool.title;
        if (!description.isEmpty()) function.insert(QStringLiteral("description"), description);
        list.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                {QStringLiteral("function"), function}});
        ++added;
    }
    if (added) body->insert(QStringLiteral("tools"), list);
    return added;
}

}  // namespace gatehouse
