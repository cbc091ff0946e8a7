#pragma once

#include "ClientCodec.h"

namespace gatehouse {

// Anthropic Messages (/anthropic/v1/messages), over the translation in
// translate/AnthropicTranslate.h.
class MessagesCodec : public ClientCodec {
public:
    WireFormat format() const override { return WireFormat::AnthropicMessages; }
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
    const char *defaultProvider() const override { return "anthropic"; }
    QJsonObject nativeAnswerToChat(const QByteArray &raw, const QString &model) const override;
    std::unique_ptr<NativeStreamReader> nativeStreamReader(const QString &model) const override;
};

}  // namespace gatehouse
