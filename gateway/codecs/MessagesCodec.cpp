#include "MessagesCodec.h"
#include "MessagesAnswerBytes.h"
#include "MessagesRequestBytes.h"

#include "json/JsonWriter.h"
#include "translate/AnthropicTranslate.h"

namespace gatehouse {

namespace {

class MessagesStreamEncoder : public ClientStreamEncoder {
public:
    explicit MessagesStreamEncoder(const QString &model) : translator_(model) {}
    QByteArray onChunk(const QJsonObject &chunk) override {
        return format(translator_.onChunk(chunk));
    }
    QByteArray finish() override { return format(translator_.finish()); }
    QByteArray error(const GatewayError &error) override {
        return formatSseEvent("error", anthropic::errorJson(error));
    }

private:
    static QByteArray format(const QList<SseEvent> &events) {
        QByteArray out;
        for (const SseEvent &e : events) out += formatSseEvent(e.event, e.data);
        return out;
    }
    anthropic::ChatStreamToMessages translator_;
};

}  // namespace

bool MessagesCodec::decodeRequest(const QJsonObject &body, const ClientCall &, DecodedRequest *out,
                                  QString *error) const {
    if (!anthropic::messagesRequestToChat(body, &out->chat, error, &out->dropped)) return false;
    // Fallbacks are a gateway extension: carried across the translation.
    if (body.contains(QStringLiteral("fallbacks")))
        out->chat.insert(QStringLiteral("fallbacks"), body.value(QStringLiteral("fallbacks")));
    return true;
}

bool MessagesCodec::decodeRequestBytes(const QByteArray &body, QByteArray *chat, qsizetype *modelAt,
                                       CodecContext *, QStringList *dropped) const {
    return anthropic::requestToChatBytes(body, chat, modelAt, dropped);
}

QByteArray MessagesCodec::encodeResponse(const QJsonObject &chatCompletion, const CodecContext &,
                                         const ClientCall &) const {
    return toCompactJson(anthropic::chatResponseToMessages(chatCompletion));
}

bool MessagesCodec::encodeResponseBytes(const QByteArray &chatCompletion, const CodecContext &,
                                        const ClientCall &, QByteArray *out) const {
    return anthropic::messagesAnswerFromChatBytes(chatCompletion, out);
}

std::unique_ptr<ClientStreamEncoder> MessagesCodec::streamEncoder(const QString &model,
                                                                  const CodecContext &,
                                                                  const ClientCall &) const {
    return std::make_unique<MessagesStreamEncoder>(model);
}

QByteArray MessagesCodec::encodeError(const GatewayError &error) const {
    return anthropic::errorJson(error);
}

}  // namespace gatehouse
