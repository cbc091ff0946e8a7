// JSON request bodies as the inference endpoints decode them: the body parse
// (core/JsonBody), the gateway's own JSON checker (json/JsonValidator, which
// must agree with Qt's parser on what is an object) and, for the Anthropic
// endpoint, the Messages -> Chat request translation and back, as a request
// routed to an Anthropic provider is translated again.
#include "core/JsonBody.h"
#include "json/JsonValidator.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));

    // The validator lets a provider's answer through unparsed: whatever it
    // accepts must be a JSON object to Qt as well.
    if (isValidJsonObject(body)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) abort();
    }

    GatewayError error;
    QJsonObject request;
    if (!parseJsonObjectBody(body, &request, &error)) {
        if (error.status != 400 || error.message.isEmpty()) abort();
        return 0;
    }
    // /anthropic/v1/messages -> the internal chat request.
    QJsonObject chat;
    QString why;
    if (anthropic::messagesRequestToChat(request, &chat, &why)) {
        QJsonObject back;
        QString whyBack;
        anthropic::chatRequestToMessages(chat, &back, &whyBack);
    } else if (why.isEmpty()) {
        abort();  // a refusal must say why
    }
    // /v1/chat/completions routed to an Anthropic provider.
    QJsonObject messages;
    QString whyMessages;
    if (!anthropic::chatRequestToMessages(request, &messages, &whyMessages) &&
        whyMessages.isEmpty())
        abort();
    return 0;
}
