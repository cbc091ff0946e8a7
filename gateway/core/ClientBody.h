#pragma once

#include "codecs/ClientCodec.h"
#include "http/GatewayError.h"

#include <QByteArray>
#include <QJsonObject>
#include <memory>
#include <optional>

namespace gatehouse {

struct PassThroughBody;
class TraceRecorder;

// The client's request body in each form a provider may take, each made
// once, on first need: decoded into the canonical model by the client's
// codec, its own bytes for a provider of its format, or chat bytes its codec
// writes straight from them. What a translation dropped goes into the
// request's trace; what the codec keeps for the answer is context().
class ClientBody {
public:
    ClientBody(const ClientCodec *codec, const QByteArray *bytes, const ClientCall *call,
               TraceRecorder *trace);
    ~ClientBody();

    // What the codec needs again to write the answer (opaque).
    const CodecContext &context() const { return context_; }

    // `body` (the client's JSON, after the transport interceptors) in the
    // canonical model; the canonical format is left as it is.
    bool decode(QJsonObject *body, GatewayError *error);
    // The client's own bytes read for pass-through (null when they are not
    // plain enough): with "model" and "fallbacks" found, or whole when the
    // model is in the path and the body names none.
    std::shared_ptr<const PassThroughBody> ownBytes();
    // Another format's plain body (`quick`, its own bytes read) as chat
    // bytes the codec writes without a QJsonDocument; null when the codec
    // leaves its shape to decode().
    std::shared_ptr<const PassThroughBody> chatBytes(const PassThroughBody &quick);
    // The plain body in the canonical model, without model and fallbacks,
    // for a provider that needs it (the mock, another format's provider).
    // The bytes were checked to be JSON; the translation may still refuse.
    bool canonical(bool stream, QJsonObject *out, GatewayError *error);

    // The other formats' streams report usage at their end: ask the provider for it.
    static void askForStreamUsage(QJsonObject *chat);

private:
    const ClientCodec *codec_;
    const QByteArray *bytes_;
    const ClientCall *call_;
    TraceRecorder *trace_;
    CodecContext context_;
    // Each made once (an empty pointer: tried, not possible).
    std::optional<std::shared_ptr<const PassThroughBody>> ownBytes_;
    std::optional<std::shared_ptr<const PassThroughBody>> chatBytes_;
    QJsonObject canonical_;
};

}  // namespace gatehouse
