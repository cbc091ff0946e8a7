#pragma once

#include "codecs/ClientCodec.h"

#include <QMap>

namespace gatehouse::gemini {

// Canonical chat chunks -> streamGenerateContent answers: with ?alt=sse one
// "data:" event per GenerateContentResponse (no end marker), without it one
// JSON array written as it grows. Text goes out as it arrives; a function
// call goes out whole (Gemini never splits one) once its arguments are
// complete; the last answer carries finishReason and usageMetadata.
class GeminiStreamEncoder : public ClientStreamEncoder {
public:
    GeminiStreamEncoder(const QString &model, bool asArray);
    QByteArray onChunk(const QJsonObject &chunk) override;
    QByteArray finish() override;
    QByteArray error(const GatewayError &error) override;

private:
    struct ToolCall {
        QString id, name, arguments;
    };
    QByteArray write(const QJsonObject &response);
    QByteArray writeJson(QByteArrayView response);
    QJsonObject answer(const QJsonArray &candidates) const;
    static QJsonObject candidate(int index, const QJsonArray &parts);

    QString model_;
    QString id_;
    bool asArray_;
    bool wroteAny_ = false;
    bool finished_ = false;
    struct Choice {
        QMap<int, ToolCall> toolCalls;  // by chat tool-call index
        QString finishReason;
    };
    QMap<int, Choice> choices_;  // by chat choice index: one candidate each
    QJsonObject usage_;
};

}  // namespace gatehouse::gemini
