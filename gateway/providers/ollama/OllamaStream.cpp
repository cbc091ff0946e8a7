// Ollama /api/chat streamed lines -> chat.completion.chunk objects.
#include "OllamaTranslate.h"
#include "translate/ChatChunk.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>
#include <utility>

namespace gatehouse::ollama {

OllamaStreamToChat::OllamaStreamToChat(const QString &model)
    : model_(model),
      id_(QStringLiteral("chatcmpl-") + QUuid::createUuid().toString(QUuid::Id128).left(24)),
      created_(QDateTime::currentSecsSinceEpoch()) {}

QJsonObject OllamaStreamToChat::chunk(const QJsonObject &delta, const QString &finishReason) const {
    return chatChunk(id_, created_, model_, delta, finishReason);
}

QList<QJsonObject> OllamaStreamToChat::onLine(const QJsonObject &line) {
    QList<QJsonObject> out;
    if (finished_) return out;
    if (line.contains(QLatin1String("error"))) {
        error_ = errorMessageFrom(line);
        if (error_.isEmpty()) error_ = QStringLiteral("Provider reported an error mid-stream");
        return out;
    }
    const QString model = line.value(QLatin1String("model")).toString();
    if (!model.isEmpty()) model_ = model;
    const QJsonObject message = line.value(QLatin1String("message")).toObject();
    QJsonObject delta;
    if (!std::exchange(started_, true))
        delta.insert(QStringLiteral("role"), QStringLiteral("assistant"));
    const QString thinking = message.value(QLatin1String("thinking")).toString();
    if (!thinking.isEmpty()) delta.insert(QStringLiteral("reasoning_content"), thinking);
    const QString content = message.value(QLatin1String("content")).toString();
    if (!content.isEmpty()) delta.insert(QStringLiteral("content"), content);
    const QJsonArray calls =
        chatToolCallsFrom(message.value(QLatin1String("tool_calls")).toArray(), toolCalls_);
    if (!calls.isEmpty()) delta.insert(QStringLiteral("tool_calls"), calls);
    toolCalls_ += int(calls.size());
    if (!delta.isEmpty()) out.append(chunk(delta));
    if (line.value(QLatin1String("done")).toBool()) {
        finished_ = true;
        usage_ = chatUsageFrom(line);
        QJsonObject last = chunk(
            QJsonObject(), chatFinishReasonFor(line.value(QLatin1String("done_reason")).toString(),
                                               toolCalls_ > 0));
        last.insert(QStringLiteral("usage"), usage_);
        out.append(last);
    }
    return out;
}

}  // namespace gatehouse::ollama
