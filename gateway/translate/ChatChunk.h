#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse {

// One chat.completion.chunk with a single choice: what every translated
// stream writes for each delta. An empty `finishReason` is null.
QJsonObject chatChunk(const QString &id, qint64 created, const QString &model,
                      const QJsonObject &delta, const QString &finishReason = {});

}  // namespace gatehouse
