#pragma once

#include "codecs/ClientCodec.h"

namespace gatehouse {

// Google's Gemini API (generateContent / streamGenerateContent under
// /genai), translated to and from the canonical chat model.
class GeminiCodec : public ClientCodec {
public:
    WireFormat format() const override { return WireFormat::Gemini; }
    bool decodeRequest(const QJsonObject &body, const ClientCall &call, DecodedRequest *out,
                       QString *error) const override;
    QByteArray encodeResponse(const QJsonObject &chatCompletion, const QJsonObject &context,
                              const ClientCall &call) const override;
    std::unique_ptr<ClientStreamEncoder> streamEncoder(const QString &model,
                                                       const QJsonObject &context,
                                                       const ClientCall &call) const override;
    QByteArray encodeError(const GatewayError &error) const override;
    const char *defaultProvider() const override { return "gemini"; }
    QByteArray streamContentType(const QJsonObject &context) const override;
};

// {"error":{"code":<status>,"message":...,"status":"INVALID_ARGUMENT"}}
QByteArray geminiErrorJson(const GatewayError &error);

}  // namespace gatehouse
