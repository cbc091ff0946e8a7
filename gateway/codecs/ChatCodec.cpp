#include "ChatCodec.h"

#include "json/JsonWriter.h"

namespace gatehouse {

namespace {

class ChatStreamEncoder : public ClientStreamEncoder {
public:
    QByteArray onChunk(const QJsonObject &chunk) override {
        QByteArray out("data: ");
        appendCompactJson(out, chunk);
        out += "\n\n";
        return out;
    }
    QByteArray finish() override {
        if (std::exchange(finished_, true)) return {};
        return QByteArrayLiteral("data: [DONE]\n\n");
    }
    QByteArray error(const GatewayError &error) override {
        finished_ = true;
        return "data: " + error.toOpenAIJson() + "\n\n";
    }

private:
    bool finished_ = false;
};

}  // namespace

bool ChatCodec::decodeRequest(const QJsonObject &body, const ClientCall &, DecodedRequest *out,
                              QString *) const {
    out->chat = body;
    return true;
}

QByteArray ChatCodec::encodeResponse(const QJsonObject &chatCompletion, const CodecContext &,
                                     const ClientCall &) const {
    return toCompactJson(chatCompletion);
}

std::unique_ptr<ClientStreamEncoder> ChatCodec::streamEncoder(const QString &, const CodecContext &,
                                                              const ClientCall &) const {
    return std::make_unique<ChatStreamEncoder>();
}

QByteArray ChatCodec::encodeError(const GatewayError &error) const {
    return error.toOpenAIJson();
}

}  // namespace gatehouse
