// Provider streams as the gateway relays them: SSE bytes -> events
// (http/SseParser) -> the provider dialect's stream decoder (OpenAI as is,
// Anthropic through MessagesStreamToChat, Gemini through GeminiStreamToChat)
// -> chunks, which are relayed to an
// Anthropic client (ChatStreamToMessages) and assembled for the postHooks
// (ChatStreamAssembler). The first byte picks the dialect (bit 0
// Anthropic, else bit 2 Gemini, else OpenAI).
#include "core/ChatStreamAssembler.h"
#include "providers/AnthropicDialect.h"
#include "providers/GeminiDialect.h"
#include "providers/OpenAIDialect.h"
#include "translate/AnthropicTranslate.h"

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const bool anthropicUpstream = data[0] & 1;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));

    ProviderRequest request;
    request.model = (data[0] & 2) ? QString() : QStringLiteral("client-model");
    request.stream = true;
    std::unique_ptr<ProviderDialect> dialect;
    if (anthropicUpstream)
        dialect = std::make_unique<AnthropicDialect>();
    else if (data[0] & 4)
        dialect = std::make_unique<GeminiDialect>();
    else
        dialect = std::make_unique<OpenAIDialect>();
    const std::unique_ptr<StreamDecoder> decoder = dialect->streamDecoder(request);

    SseParser sse(64 * 1024);
    anthropic::ChatStreamToMessages toClient(request.model);
    ChatStreamAssembler assembler;
    bool done = false;
    for (const SseEvent &event : sse.feed(bytes)) {
        QList<QJsonObject> chunks;
        GatewayError error;
        decoder->decode(event, &chunks, &done, &error);
        for (const QJsonObject &chunk : chunks) {
            toClient.onChunk(chunk);
            assembler.add(chunk);
        }
        if (!error.message.isEmpty() || done) break;
    }
    decoder->usage();
    toClient.finish();
    toClient.finish();  // idempotent
    assembler.result();
    return 0;
}
