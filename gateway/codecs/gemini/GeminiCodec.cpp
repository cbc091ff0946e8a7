#include "GeminiCodec.h"
#include "GeminiShared.h"
#include "GeminiStream.h"

#include "json/JsonWriter.h"

namespace gatehouse {

bool GeminiCodec::decodeRequest(const QJsonObject &body, const ClientCall &call,
                                DecodedRequest *out, QString *error) const {
    if (!gemini::requestToChat(body, call.pathModel, call.pathStreams, &out->chat, &out->dropped,
                               error))
        return false;
    // Without ?alt=sse a stream is one JSON array, written as it grows.
    if (call.pathStreams && !call.sse) out->context.jsonArrayStream = true;
    return true;
}

QByteArray GeminiCodec::encodeResponse(const QJsonObject &chatCompletion, const CodecContext &,
                                       const ClientCall &) const {
    return gemini::writeGeminiAnswer(chatCompletion);
}

bool GeminiCodec::encodeResponseBytes(const QByteArray &chatCompletion, const CodecContext &,
                                      const ClientCall &, QByteArray *out) const {
    return gemini::writeGeminiAnswerFromBytes(chatCompletion, out);
}

std::unique_ptr<ClientStreamEncoder> GeminiCodec::streamEncoder(const QString &model,
                                                                const CodecContext &context,
                                                                const ClientCall &) const {
    return std::make_unique<gemini::GeminiStreamEncoder>(model, context.jsonArrayStream);
}

QByteArray GeminiCodec::streamContentType(const CodecContext &context) const {
    return context.jsonArrayStream ? QByteArrayLiteral("application/json")
                                   : QByteArrayLiteral("text/event-stream");
}

QByteArray geminiErrorJson(const GatewayError &error) {
    return toCompactJson(QJsonObject{
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("code"), error.status},
                     {QStringLiteral("message"), error.message},
                     {QStringLiteral("status"), gemini::statusNameFor(error.status)}}}});
}

QByteArray GeminiCodec::encodeError(const GatewayError &error) const {
    return geminiErrorJson(error);
}

}  // namespace gatehouse
