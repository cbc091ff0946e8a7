#include "ClientCodec.h"
#include "ChatCodec.h"
#include "MessagesCodec.h"
#include "gemini/GeminiCodec.h"
#include "responses/ResponsesCodec.h"

#include <QJsonDocument>

namespace gatehouse {

const char *wireFormatName(WireFormat format) {
    switch (format) {
        case WireFormat::OpenAIChat:
            return "openai-chat";
        case WireFormat::AnthropicMessages:
            return "anthropic-messages";
        case WireFormat::OpenAIResponses:
            return "openai-responses";
        case WireFormat::Gemini:
            return "gemini";
    }
    return "unknown";
}

// The canonical format has no native stream of its own: its answers and
// chunks are canonical already.
QJsonObject ClientCodec::nativeAnswerToChat(const QByteArray &raw, const QString &) const {
    return QJsonDocument::fromJson(raw).object();
}

std::unique_ptr<NativeStreamReader> ClientCodec::nativeStreamReader(const QString &) const {
    return nullptr;
}

const ClientCodec &clientCodec(WireFormat format) {
    static const ChatCodec chat;
    static const MessagesCodec messages;
    static const ResponsesCodec responses;
    static const GeminiCodec gemini;
    switch (format) {
        case WireFormat::AnthropicMessages:
            return messages;
        case WireFormat::OpenAIResponses:
            return responses;
        case WireFormat::Gemini:
            return gemini;
        case WireFormat::OpenAIChat:
            break;
    }
    return chat;
}

}  // namespace gatehouse
