// Ollama's native API as the gateway reads it: newline-delimited JSON
// bytes, split where the first byte says (NdjsonFramer) -> the Ollama
// dialect's stream decoder (OllamaStreamToChat) -> chunks, relayed to an
// Anthropic client (ChatStreamToMessages) and assembled for the postHooks
// (ChatStreamAssembler); the same bytes as a whole /api/chat answer
// (ollamaAnswerToChat) and as a canonical request to translate
// (chatRequestToOllama).
#include "core/ChatStreamAssembler.h"
#include "providers/ollama/NdjsonFramer.h"
#include "providers/ollama/OllamaDialect.h"
#include "providers/ollama/OllamaTranslate.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonDocument>
#include <cstddef>
#include <cstdint>
#include <memory>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype split = bytes.isEmpty() ? 0 : data[0] % (bytes.size() + 1);

    ProviderRequest request;
    request.model = QStringLiteral("qwen3:8b");
    request.stream = true;
    OllamaDialect dialect;
    const std::unique_ptr<StreamDecoder> decoder = dialect.streamDecoder(request);
    NdjsonFramer framer;
    anthropic::ChatStreamToMessages toClient(request.model);
    ChatStreamAssembler assembler;
    bool done = false;
    for (const QByteArray &piece : {bytes.left(split), bytes.mid(split)}) {
        for (const SseEvent &event : framer.feed(piece)) {
            QList<QJsonObject> chunks;
            GatewayError error;
            decoder->decode(event, &chunks, &done, &error);
            for (const QJsonObject &chunk : chunks) {
                toClient.onChunk(chunk);
                assembler.add(chunk);
            }
            if (!error.message.isEmpty() || done) break;
        }
        if (done) break;
    }
    decoder->usage();
    toClient.finish();
    assembler.result();

    const QJsonObject whole = QJsonDocument::fromJson(bytes).object();
    ollama::ollamaAnswerToChat(whole, request.model);
    dialect.errorMessage(whole);
    QJsonObject out;
    QString why;
    ollama::chatRequestToOllama(whole, request.model, data[0], data[0] & 1, &out, &why);
    return 0;
}
