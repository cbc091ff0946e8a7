#include "ResponsesCodec.h"
#include "ResponsesAnswer.h"
#include "ResponsesShared.h"
#include "ResponsesStream.h"

#include "json/JsonWriter.h"

namespace gatehouse {

bool ResponsesCodec::decodeRequest(const QJsonObject &body, const ClientCall &, DecodedRequest *out,
                                   QString *error) const {
    return responses::requestToChat(body, &out->chat, &out->context, &out->dropped, error);
}

QByteArray ResponsesCodec::encodeResponse(const QJsonObject &chatCompletion,
                                          const QJsonObject &context) const {
    const QJsonObject response = responses::chatToResponse(chatCompletion, context);
    responses::remember(
        context, response.value(QLatin1String("id")).toString(),
        responses::assistantMessageFrom(response.value(QLatin1String("output")).toArray()),
        response);
    return toCompactJson(response);
}

std::unique_ptr<ClientStreamEncoder> ResponsesCodec::streamEncoder(
    const QString &model, const QJsonObject &context) const {
    return std::make_unique<responses::ResponsesStreamEncoder>(model, context);
}

QByteArray ResponsesCodec::encodeError(const GatewayError &error) const {
    return error.toOpenAIJson();
}

}  // namespace gatehouse
