// OpenAI <-> Anthropic answer translation, Gemini and Bedrock Converse answers to chat
// (translate/*Response*, the dialects' decodeResponse), the embedding answers of Gemini, Vertex
// and Bedrock, and the stream assembler that rebuilds an answer from chunks: any JSON object a
// provider or a plugin returns goes through.
#include "core/ChatStreamAssembler.h"
#include "providers/AnthropicDialect.h"
#include "providers/GeminiDialect.h"
#include "providers/GeminiEmbeddings.h"
#include "providers/OpenAIDialect.h"
#include "providers/bedrock/BedrockEmbeddings.h"
#include "providers/bedrock/ConverseTranslate.h"
#include "translate/AnthropicTranslate.h"
#include "translate/GeminiTranslate.h"

#include <QJsonDocument>
#include <cstddef>
#include <cstdint>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject()) return 0;
    const QJsonObject object = doc.object();

    ProviderRequest request;
    request.model = QStringLiteral("m");
    QJsonObject openAI;
    GatewayError error;
    AnthropicDialect().decodeResponse(request, object, &openAI, &error);
    AnthropicDialect().errorMessage(object);
    OpenAIDialect().errorMessage(object);
    anthropic::chatResponseToMessages(object);
    anthropic::chatResponseToMessages(openAI);
    anthropic::errorMessageFrom(object);
    QJsonObject fromGemini;
    GeminiDialect().decodeResponse(request, object, &fromGemini, &error);
    GeminiDialect().errorMessage(object);
    bedrock::converseResponseToChat(object, QStringLiteral("m"));
    bedrock::errorMessageFrom(object);
    QJsonObject embeddings;
    geminiEmbedAnswer(request, object, &embeddings, &error);
    vertexEmbedAnswer(request, object, &embeddings, &error);
    for (BedrockEmbedFamily family : {BedrockEmbedFamily::Titan, BedrockEmbedFamily::Cohere}) {
        QList<QVector<float>> vectors;
        int tokens = 0;
        readBedrockEmbedAnswer(family, object, &vectors, &tokens, &error);
    }
    // A chat request (as a chat answer's shape may also be) to Gemini's.
    QJsonObject geminiRequest;
    QString why;
    gemini::chatRequestToGemini(object, &geminiRequest, &why);

    // A short-circuited answer is streamed as chunks; the chunks assembled
    // again feed the postHooks.
    ChatStreamAssembler assembler;
    for (const QJsonObject &chunk : chunksForResponse(object)) assembler.add(chunk);
    assembler.result();
    ChatStreamAssembler direct;
    direct.add(object);
    direct.result();
    return 0;
}
