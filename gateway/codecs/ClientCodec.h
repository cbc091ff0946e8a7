#pragma once

#include "CodecContext.h"
#include "http/GatewayError.h"
#include "http/SseParser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <memory>

namespace gatehouse {

namespace responses {
class ResponseMemory;
}

// The wire formats clients speak to the gateway. Each has one codec that
// maps it to and from the canonical model: an OpenAI chat-completions
// request, answer and chunk stream, with the extensions listed in
// docs/architecture.md ("The canonical model") for what chat has no field
// for. Plugins see the canonical model (the plugin ABI's PluginRequest).
enum class WireFormat { OpenAIChat, AnthropicMessages, OpenAIResponses, Gemini };

const char *wireFormatName(WireFormat format);

// A set of wire formats (what a provider takes as it is), one bit each.
using WireFormats = unsigned;
constexpr WireFormats wireFormatBit(WireFormat format) {
    return 1u << static_cast<unsigned>(format);
}

// What the endpoint itself says about a request, beside its body: Gemini
// puts the model and "stream or not" in the path.
// Also the gateway's services a codec uses for the call.
struct ClientCall {
    QString pathModel;         // empty when the body names the model
    bool pathStreams = false;  // the path asked for a stream
    bool sse = true;           // ... as server-sent events (Gemini's ?alt=sse)
    // The gateway's stored Responses-API responses (previous_response_id);
    // null: none are kept or found (codec tests).
    responses::ResponseMemory *responses = nullptr;
};

// What decoding a client request gives: the canonical request (with
// "model", "fallbacks" and "stream" still in it) and what the translation
// left out, for the request's trace.
struct DecodedRequest {
    QJsonObject chat;
    QStringList dropped;  // "thinking", "tools[2] (web_search_20250305)", ...
    // What the codec needs again to write the answer (e.g. the request
    // fields a Responses answer echoes); opaque to everyone else.
    CodecContext context;
};

// Turns the canonical stream (chat.completion.chunk objects) into the
// client's stream, as bytes ready for the socket.
class ClientStreamEncoder {
public:
    virtual ~ClientStreamEncoder() = default;
    virtual QByteArray onChunk(const QJsonObject &chunk) = 0;
    // The stream's normal end. Idempotent.
    virtual QByteArray finish() = 0;
    // The stream broke after its head went out: the error as the format's
    // last event(s).
    virtual QByteArray error(const GatewayError &error) = 0;
};

// A provider's stream in the client's own format (a native stream, relayed
// as it is) read as the canonical model, for the postHooks. One per stream.
class NativeStreamReader {
public:
    virtual ~NativeStreamReader() = default;
    // One event as the provider sent it: the canonical chunks it gives.
    virtual QList<QJsonObject> onEvent(const SseEvent &event) = 0;
    // At the stream's end: the whole answer when the format sends one
    // (a Responses stream's last response object), else empty.
    virtual QJsonObject finalAnswer() { return {}; }
};

class ClientCodec {
public:
    virtual ~ClientCodec() = default;
    virtual WireFormat format() const = 0;
    // Fails only for what no translation can use (the error names the JSON
    // path); anything merely unknown is kept or dropped into `dropped`.
    virtual bool decodeRequest(const QJsonObject &body, const ClientCall &call, DecodedRequest *out,
                               QString *error) const = 0;
    // decodeRequest() straight from the client's bytes (checked well-formed)
    // to the canonical request's body as a chat provider gets it (the
    // OpenAI and Azure dialects: removeCacheMarks() applied), for the shapes
    // a codec reads without a QJsonDocument: `chat` without "model" and
    // "fallbacks", `modelAt` where the model's JSON string goes
    // (PassThroughBody's layout); what decodeRequest() would drop goes
    // into `dropped`. False: decodeRequest() decodes it.
    virtual bool decodeRequestBytes(const QByteArray &body, QByteArray *chat, qsizetype *modelAt,
                                    CodecContext *context, QStringList *dropped) const {
        Q_UNUSED(body);
        Q_UNUSED(chat);
        Q_UNUSED(modelAt);
        Q_UNUSED(context);
        Q_UNUSED(dropped);
        return false;
    }
    virtual QByteArray encodeResponse(const QJsonObject &chatCompletion,
                                      const CodecContext &context,
                                      const ClientCall &call) const = 0;
    // encodeResponse from the provider's chat completion as bytes (checked
    // well-formed), for codecs that read them without a QJsonDocument.
    // False when the codec, or this answer's shape, needs encodeResponse.
    virtual bool encodeResponseBytes(const QByteArray &chatCompletion, const CodecContext &context,
                                     const ClientCall &call, QByteArray *out) const {
        Q_UNUSED(chatCompletion);
        Q_UNUSED(context);
        Q_UNUSED(call);
        Q_UNUSED(out);
        return false;
    }
    // `model` names the model the client sees (the target's, unless the
    // first chunk names one).
    virtual std::unique_ptr<ClientStreamEncoder> streamEncoder(const QString &model,
                                                               const CodecContext &context,
                                                               const ClientCall &call) const = 0;
    virtual QByteArray encodeError(const GatewayError &error) const = 0;
    // The error that ends a stream the provider sent in this format itself
    // (a native stream): only the format's error event, since the provider's
    // own opening events are out already.
    virtual QByteArray nativeStreamError(const GatewayError &error) const {
        return streamEncoder(QString(), CodecContext(), ClientCall())->error(error);
    }
    // The format is the canonical model itself (chat): nothing to decode,
    // and a chat provider's bytes are the client's answer.
    virtual bool isCanonical() const { return false; }
    // The model is in the path, not the body (Gemini): the body goes to a
    // provider of its format whole, and is never read for pass-through.
    virtual bool modelInPath() const { return false; }
    // A provider that takes `providerFormats` as they are gets the client's
    // own bytes, and its answer and stream go back as they are.
    virtual bool speaksNatively(WireFormats providerFormats, bool stream,
                                const ClientCall &call) const {
        Q_UNUSED(stream);
        Q_UNUSED(call);
        return providerFormats & wireFormatBit(format());
    }
    // A native answer (the provider's own bytes in this format, checked
    // well-formed) as a canonical chat completion; `model` is the target's.
    virtual QJsonObject nativeAnswerToChat(const QByteArray &raw, const QString &model) const;
    // The reader of a native stream in this format; `model` is the target's.
    virtual std::unique_ptr<NativeStreamReader> nativeStreamReader(const QString &model) const;
    // The provider a bare model name (no "provider/") goes to.
    virtual const char *defaultProvider() const { return "openai"; }
    // The stream's Content-Type.
    virtual QByteArray streamContentType(const CodecContext &context) const {
        Q_UNUSED(context);
        return QByteArrayLiteral("text/event-stream");
    }
};

// The codec of a format; one shared, stateless instance each.
const ClientCodec &clientCodec(WireFormat format);

}  // namespace gatehouse
