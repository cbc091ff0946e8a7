#pragma once

#include "codecs/ClientCodec.h"

namespace gatehouse {

// OpenAI's Responses API (/v1/responses), translated to and from the
// canonical chat model for every provider that is not OpenAI itself.
class ResponsesCodec : public ClientCodec {
public:
    WireFormat format() const override { return WireFormat::OpenAIResponses; }
    bool decodeRequest(const QJsonObject &body, const ClientCall &call, DecodedRequest *out,
                       QString *error) const override;
    bool decodeRequestBytes(const QByteArray &body, QByteArray *chat, qsizetype *modelAt,
                            CodecContext *context, QStringList *dropped) const override;
    QByteArray encodeResponse(const QJsonObject &chatCompletion, const CodecContext &context,
                              const ClientCall &call) const override;
    bool encodeResponseBytes(const QByteArray &chatCompletion, const CodecContext &context,
                             const ClientCall &call, QByteArray *out) const override;
    std::unique_ptr<ClientStreamEncoder> streamEncoder(const QString &model,
                                                       const CodecContext &context,
                                                       const ClientCall &call) const override;
    QByteArray encodeError(const GatewayError &error) const override;
    QByteArray nativeStreamError(const GatewayError &error) const override;
    QJsonObject nativeAnswerToChat(const QByteArray &raw, const QString &model) const override;
    std::unique_ptr<NativeStreamReader> nativeStreamReader(const QString &model) const override;
};

}  // namespace gatehouse
