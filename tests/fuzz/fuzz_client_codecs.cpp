// The client codecs (codecs/): any JSON object a client sends is decoded by
// every format's codec, and any object a provider or plugin answers is
// encoded by every codec, whole and as a stream, ending normally and with an
// error. Nothing may crash, hang or trip a sanitizer; a decoded request
// must always name its messages as an array, and a whole answer must
// always be valid JSON. A Responses request the codec reads from its bytes
// must be written as one chat body that is valid JSON, with its messages.
// An Anthropic Messages request or answer the codec reads from its bytes
// must give what the QJsonObject translation gives (for a request, as a
// chat provider gets it: removeCacheMarks()), notes included.
#include "codecs/ClientCodec.h"
#include "codecs/gemini/GeminiShared.h"
#include "core/ChatStreamAssembler.h"
#include "json/JsonValidator.h"
#include "providers/CacheMarks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

namespace {

// A Responses answer without what differs between two writes of it: the
// output items' ids (a counter) and the time (a missing "created" is now).
QJsonObject comparable(const QByteArray &answer) {
    QJsonObject o = QJsonDocument::fromJson(answer).object();
    if (o.isEmpty()) abort();
    o.remove(QStringLiteral("created_at"));
    QJsonArray output;
    for (const QJsonValue &item : o.value(QStringLiteral("output")).toArray()) {
        QJsonObject i = item.toObject();
        i.remove(QStringLiteral("id"));
        output.append(i);
    }
    o.insert(QStringLiteral("output"), output);
    return o;
}

// The Messages byte paths against the translation, on a validated body.
void compareMessagesPaths(const QByteArray &bytes, const QJsonObject &object) {
    const ClientCodec &messages = clientCodec(WireFormat::AnthropicMessages);
    QByteArray chat;
    qsizetype modelAt = -1;
    CodecContext unused;
    QStringList dropped;
    if (messages.decodeRequestBytes(bytes, &chat, &modelAt, &unused, &dropped)) {
        if (modelAt < 0 || modelAt > chat.size()) abort();
        chat.insert(modelAt, "\"m\"");
        DecodedRequest decoded;
        QString error;
        if (!messages.decodeRequest(object, ClientCall(), &decoded, &error)) abort();
        QJsonObject expected = decoded.chat;
        expected.remove(QStringLiteral("fallbacks"));
        removeCacheMarks(&expected);
        expected.insert(QStringLiteral("model"), QStringLiteral("m"));
        if (QJsonDocument::fromJson(chat).object() != expected || dropped != decoded.dropped)
            abort();
    }
    QByteArray fast;
    if (messages.encodeResponseBytes(bytes, CodecContext(), ClientCall(), &fast)) {
        // Equal but for a made-up id (the answer had none).
        QJsonObject a = QJsonDocument::fromJson(fast).object();
        QJsonObject b =
            QJsonDocument::fromJson(messages.encodeResponse(object, CodecContext(), ClientCall()))
                .object();
        if (!object.value(QLatin1String("id")).isString() ||
            object.value(QLatin1String("id")).toString().isEmpty()) {
            a.remove(QStringLiteral("id"));
            b.remove(QStringLiteral("id"));
        }
        if (a.isEmpty() || a != b) abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QByteArray chat;
    qsizetype modelAt = -1;
    CodecContext chatContext;
    QStringList dropped;
    // The byte path reads bodies the gateway validated first.
    if (isValidJsonObject(bytes) &&
        clientCodec(WireFormat::OpenAIResponses)
            .decodeRequestBytes(bytes, &chat, &modelAt, &chatContext, &dropped)) {
        if (modelAt < 0 || modelAt > chat.size()) abort();
        chat.insert(modelAt, "\"m\"");
        const QJsonObject written = QJsonDocument::fromJson(chat).object();
        if (!written.value(QLatin1String("messages")).isArray()) abort();
        // The answer echoes the request's fields as it wrote them: still JSON.
        const QByteArray answer = clientCodec(WireFormat::OpenAIResponses)
                                      .encodeResponse(QJsonObject(), chatContext, ClientCall());
        if (!QJsonDocument::fromJson(answer).isObject()) abort();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject()) return 0;
    const QJsonObject object = doc.object();
    // A provider's answer read from its bytes (validated, as the gateway
    // does) gives the Responses answer its parse gives, but for item ids.
    if (isValidJsonObject(bytes)) {
        const ClientCodec &responses = clientCodec(WireFormat::OpenAIResponses);
        CodecContext context;
        context.responseId = QStringLiteral("resp_fuzz");
        QByteArray fast;
        if (responses.encodeResponseBytes(bytes, context, ClientCall(), &fast)) {
            const QByteArray slow = responses.encodeResponse(object, context, ClientCall());
            if (comparable(fast) != comparable(slow)) abort();
        }
        compareMessagesPaths(bytes, object);
        // The Gemini answer from the bytes: the very bytes of the object path.
        QByteArray gemini;
        if (gatehouse::gemini::writeGeminiAnswerFromBytes(bytes, &gemini) &&
            gemini != gatehouse::gemini::writeGeminiAnswer(object))
            abort();
    }
    const QList<QJsonObject> chunks = chunksForResponse(object);
    for (WireFormat format : {WireFormat::OpenAIChat, WireFormat::AnthropicMessages,
                              WireFormat::OpenAIResponses, WireFormat::Gemini}) {
        const ClientCodec &codec = clientCodec(format);
        for (bool streams : {false, true}) {
            ClientCall call;
            call.pathModel = QStringLiteral("mock/echo");
            call.pathStreams = streams;
            call.sse = !streams;
            DecodedRequest decoded;
            QString error;
            if (codec.decodeRequest(object, call, &decoded, &error) &&
                format != WireFormat::OpenAIChat &&
                !decoded.chat.value(QLatin1String("messages")).isArray())
                abort();  // a decoded request always has its messages
            // A whole answer is always one JSON value, whatever went in.
            const QByteArray answer = codec.encodeResponse(object, decoded.context, ClientCall());
            if (QJsonDocument::fromJson(answer).isNull()) abort();
            auto encoder = codec.streamEncoder(QStringLiteral("m"), decoded.context, ClientCall());
            for (const QJsonObject &chunk : chunks) encoder->onChunk(chunk);
            encoder->onChunk(object);
            if (streams) encoder->error(GatewayError::upstream(502, QStringLiteral("broke")));
            encoder->finish();
            encoder->finish();
        }
    }
    return 0;
}
