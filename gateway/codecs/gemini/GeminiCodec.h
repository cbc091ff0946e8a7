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
    QByteArray encodeResponse(const QJsonObject &chatCompletion, const CodecContext &context,
                              const ClientCall &call) const override;
    bool encodeResponseBytes(const QByteArray &chatCompletion, const CodecContext &context,
                             const ClientCall &call, QByteArray *out) const override;
    std::unique_ptr<ClientStreamEncoder> streamEncoder(const QString &model,
                                                       const CodecContext &context,
                                                       const ClientCall &call) const override;
    QByteArray encodeError(const GatewayError &error) const override;
    const char *defaultProvider() const override { return "gemini"; }
    QByteArray streamContentType(const CodecContext &context) const override;
    bool modelInPath() const override { return true; }
    // Gemini's stream as a JSON array (no ?alt=sse) is translated: the
    // provider is asked for server-sent events.
    bool speaksNatively(WireFormats providerFormats, bool stream,
                        const ClientCall &call) const override {
        return ClientCodec::speaksNatively(providerFormats, stream, call) && (!stream || call.sse);
    }
    QJsonObject nativeAnswerToChat(const QByteArray &raw, const QString &model) const override;
    std::unique_ptr<NativeStreamReader> nativeStreamReader(const QString &model) const override;
};

// {"error":{"code":<status>,"message":...,"status":"INVALID_ARGUMENT"}}
QByteArray geminiErrorJson(const GatewayError &error);

}  // namespace gatehouse
