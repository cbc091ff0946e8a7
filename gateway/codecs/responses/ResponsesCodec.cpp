#include "ResponsesCodec.h"
#include "ChatAnswerBytes.h"
#include "ResponseWriter.h"
#include "ResponsesAnswer.h"
#include "ResponsesRequestBytes.h"
#include "ResponsesShared.h"
#include "ResponsesStream.h"

#include "http/SseParser.h"
#include "json/JsonWriter.h"

#include <QJsonArray>

namespace gatehouse {

bool ResponsesCodec::decodeRequest(const QJsonObject &body, const ClientCall &call,
                                   DecodedRequest *out, QString *error) const {
    return responses::requestToChat(body, call.responses, &out->chat, &out->context, &out->dropped,
                                    error);
}

bool ResponsesCodec::decodeRequestBytes(const QByteArray &body, QByteArray *chat,
                                        qsizetype *modelAt, CodecContext *context,
                                        QStringList *dropped) const {
    return responses::requestToChatBytes(body, chat, modelAt, context, dropped);
}

QByteArray ResponsesCodec::encodeResponse(const QJsonObject &chatCompletion,
                                          const CodecContext &context,
                                          const ClientCall &call) const {
    QString id;
    const QByteArray json = responses::writeResponse(chatCompletion, context, &id);
    // The canonical answer is the conversation's next message as it is.
    if (call.responses && context.keepsConversation())
        responses::remember(*call.responses, context, id,
                            chatCompletion.value(QLatin1String("choices"))
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(QLatin1String("message"))
                                .toObject(),
                            json);
    return json;
}

bool ResponsesCodec::encodeResponseBytes(const QByteArray &chatCompletion,
                                         const CodecContext &context, const ClientCall &call,
                                         QByteArray *out) const {
    responses::ChatAnswer answer;
    QByteArrayView message;
    if (!responses::chatAnswerFromBytes(chatCompletion, &answer, &message)) return false;
    QString id;
    *out = responses::writeResponse(answer, context, &id);
    if (call.responses && context.keepsConversation())
        responses::rememberJson(*call.responses, context, id, message, *out);
    return true;
}

std::unique_ptr<ClientStreamEncoder> ResponsesCodec::streamEncoder(const QString &model,
                                                                   const CodecContext &context,
                                                                   const ClientCall &call) const {
    return std::make_unique<responses::ResponsesStreamEncoder>(model, context, call.responses);
}

QByteArray ResponsesCodec::encodeError(const GatewayError &error) const {
    return error.toOpenAIJson();
}

// The Responses API's own "error" event (response.created went out already).
QByteArray ResponsesCodec::nativeStreamError(const GatewayError &error) const {
    return formatSseEvent(
        "error", toCompactJson(QJsonObject{
                     {QStringLiteral("type"), QStringLiteral("error")},
                     {QStringLiteral("code"), error.code.isEmpty() ? error.type : error.code},
                     {QStringLiteral("message"), error.message},
                     {QStringLiteral("param"), QJsonValue()}}));
}

}  // namespace gatehouse
