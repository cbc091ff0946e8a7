#include "ResponsesCodec.h"
#include "ResponsesAnswer.h"
#include "ResponsesShared.h"
#include "ResponsesStream.h"

#include "json/JsonWriter.h"

#include <QJsonArray>

namespace gatehouse {

bool ResponsesCodec::decodeRequest(const QJsonObject &body, const ClientCall &, DecodedRequest *out,
                                   QString *error) const {
    return responses::requestToChat(body, &out->chat, &out->context, &out->dropped, error);
}

QByteArray ResponsesCodec::encodeResponse(const QJsonObject &chatCompletion,
                                          const QJsonObject &context) const {
    const QJsonObject response = responses::chatToResponse(chatCompletion, context);
    const QByteArray json = toCompactJson(response);
    // The canonical answer is the conversation's next message as it is.
    const QJsonObject message = chatCompletion.value(QLatin1String("choices"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toObject();
    responses::remember(context, response.value(QLatin1String("id")).toString(), message, json);
    return json;
}

std::unique_ptr<ClientStreamEncoder> ResponsesCodec::streamEncoder(
    const QString &model, const QJsonObject &context) const {
    return std::make_unique<responses::ResponsesStreamEncoder>(model, context);
}

QByteArray ResponsesCodec::encodeError(const GatewayError &error) const {
    return error.toOpenAIJson();
}

}  // namespace gatehouse
