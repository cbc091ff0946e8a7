#include "ProviderFormats.h"

#include "config/GatewayConfig.h"
#include "providers/vertex/VertexDialects.h"

namespace gatehouse {

WireFormats providerWireFormats(const ProviderConfig &provider, const QString &model) {
    switch (provider.kind) {
        case ProviderKind::OpenAI:
        case ProviderKind::Azure:
            // Ollama's native API is not chat: its requests are translated.
            return (provider.ollamaNative ? 0u : wireFormatBit(WireFormat::OpenAIChat)) |
                   (provider.responsesApi ? wireFormatBit(WireFormat::OpenAIResponses) : 0u);
        case ProviderKind::Anthropic:
            return wireFormatBit(WireFormat::AnthropicMessages);
        case ProviderKind::Gemini:
            return wireFormatBit(WireFormat::Gemini);
        case ProviderKind::Vertex:
            return vertexPublisher(model) == VertexPublisher::Google
                       ? wireFormatBit(WireFormat::Gemini)
                       : wireFormatBit(WireFormat::AnthropicMessages);
        case ProviderKind::Bedrock:
        case ProviderKind::Mock:
        case ProviderKind::Unsupported:
            break;
    }
    return 0;
}

}  // namespace gatehouse
