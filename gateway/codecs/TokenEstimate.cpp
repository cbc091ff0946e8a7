#include "TokenEstimate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace gatehouse {

namespace {

qsizetype textLength(const QJsonValue &content) {
    if (content.isString()) return content.toString().size();
    qsizetype n = 0;
    for (const QJsonValue &part : content.toArray())
        n += part.toObject().value(QLatin1String("text")).toString().size();
    return n;
}

}  // namespace

int estimateInputTokens(const QJsonObject &chat) {
    qsizetype chars = 0;
    for (const QJsonValue &m : chat.value(QLatin1String("messages")).toArray()) {
        const QJsonObject message = m.toObject();
        chars += textLength(message.value(QLatin1String("content")));
        for (const QJsonValue &call : message.value(QLatin1String("tool_calls")).toArray())
            chars += QJsonDocument(call.toObject()).toJson(QJsonDocument::Compact).size();
    }
    const QJsonArray tools = chat.value(QLatin1String("tools")).toArray();
    if (!tools.isEmpty()) chars += QJsonDocument(tools).toJson(QJsonDocument::Compact).size();
    return qMax(1, int(std::ceil(double(chars) / 4.0)));
}

}  // namespace gatehouse
