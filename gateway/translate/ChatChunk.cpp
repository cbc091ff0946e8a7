#include "ChatChunk.h"

#include <QJsonArray>

namespace gatehouse {

QJsonObject chatChunk(const QString &id, qint64 created, const QString &model,
                      const QJsonObject &delta, const QString &finishReason) {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), created},
            {QStringLiteral("model"), model},
            {QStringLiteral("choices"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("index"), 0},
                             {QStringLiteral("delta"), delta},
                             {QStringLiteral("finish_reason"),
                              finishReason.isEmpty() ? QJsonValue() : QJsonValue(finishReason)}}}}};
}

}  // namespace gatehouse
