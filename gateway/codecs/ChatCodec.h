#pragma once

#include "ClientCodec.h"

namespace gatehouse {

// OpenAI chat completions: the canonical model itself, so decoding and
// encoding are the identity.
class ChatCodec : public ClientCodec {
public:
    WireFormat format() const override { return WireFormat::OpenAIChat; }
    bool isCanonical() const override { return true; }
    bool decodeRequest(const QJsonObject &body, const ClientCall &call, DecodedRequest *out,
                       QString *error) const override;
    QByteArray encodeResponse(const QJsonObject &chatCompletion, const CodecContext &context,
                              const ClientCall &call) const override;
    std::unique_ptr<ClientStreamEncoder> streamEncoder(const QString &model,
                                                       const CodecContext &context,
                                                       const ClientCall &call) const override;
    QByteArray encodeError(const GatewayError &error) const override;
};

}  // namespace gatehouse
