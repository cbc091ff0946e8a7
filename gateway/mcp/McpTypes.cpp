#include "McpTypes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

QString mcpStateName(McpClientStatus::State state) {
    switch (state) {
        case McpClientStatus::State::Disabled:
            return QStringLiteral("disabled");
        case McpClientStatus::State::Connecting:
            return QStringLiteral("connecting");
        case McpClientStatus::State::Connected:
            return QStringLiteral("connected");
        case McpClientStatus::State::Error:
            return QStringLiteral("error");
        case McpClientStatus::State::Reconnecting:
            return QStringLiteral("reconnecting");
    }
    return {};
}

QString McpToolResult::text() const {
    if (!ok) return error;
    QStringList parts;
    for (const QJsonValue &v : result.value(QLatin1String("content")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString type = c.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            parts << c.value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("resource")) {
            const QJsonObject r = c.value(QLatin1String("resource")).toObject();
            parts << (r.contains(QLatin1String("text"))
                          ? r.value(QLatin1String("text")).toString()
                          : QStringLiteral("[resource %1]")
                                .arg(r.value(QLatin1String("uri")).toString()));
        } else if (type == QLatin1String("resource_link")) {
            parts << QStringLiteral("[resource %1]").arg(c.value(QLatin1String("uri")).toString());
        } else {
            parts << QStringLiteral("[%1 %2]").arg(type,
                                                   c.value(QLatin1String("mimeType")).toString());
        }
    }
    if (parts.isEmpty() && result.value(QLatin1String("structuredContent")).isObject())
        return QString::fromUtf8(
            QJsonDocument(result.value(QLatin1String("structuredContent")).toObject())
                .toJson(QJsonDocument::Compact));
    return parts.join(QLatin1Char('\n'));
}

bool McpToolResult::isError() const {
    return !ok || result.value(QLatin1String("isError")).toBool();
}

}  // namespace gatehouse
