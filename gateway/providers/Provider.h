#pragma once

#include "core/GatewayError.h"
#include "core/PassThroughBody.h"
#include "http/HttpHeaders.h"
#include "http/SseParser.h"

#include <QJsonObject>
#include <QString>
#include <functional>
#include <memory>

namespace gatehouse {

struct KeyConfig;
struct ProviderConfig;

// The three OpenAI-shaped operations every provider is asked for.
enum class Operation { ChatCompletion, TextCompletion, Embedding };

// One call to one provider with one key. `body` is OpenAI-shaped with
// `model` already stripped of its "provider/" prefix.
struct ProviderRequest {
    Operation operation = Operation::ChatCompletion;
    QString model;
    QJsonObject body;
    // Set instead of `body` for an OpenAI-compatible provider when the
    // client's own bytes can go on as they are: it sends
    // passThrough->withModel(model).
    std::shared_ptr<const PassThroughBody> passThrough;
    bool stream = false;
    // Set (with passThrough) when the client's wire format is the
    // provider's own (Anthropic Messages to Anthropic, Responses to OpenAI):
    // the client's body goes to the provider's endpoint for that format with
    // the client's provider headers (`clientHeaders`), and its answer and
    // stream events come back as they are (onResponse's raw, onRawEvent).
    bool native = false;
    const HttpHeaders *clientHeaders = nullptr;
    QString nativePath;              // the provider's endpoint when not its format's usual one
    QString apiKey;                  // resolved at use; never logged
    const KeyConfig *key = nullptr;  // the key apiKey came from (Azure's endpoint)
    const ProviderConfig *config = nullptr;
};

// Results in order: either onResponse, or onChunk* then onStreamEnd, or
// onError at any point (after chunks it means the stream broke). All are
// OpenAI-shaped. Nothing is called after cancel().
struct ProviderCallbacks {
    // `raw` is the provider's own bytes when they already are this exact
    // OpenAI JSON (checked well-formed), so they can be sent on as they are;
    // then `response` is left empty unparsed — use responseObject() to read it.
    std::function<void(const QJsonObject &response, const QByteArray &raw)> onResponse;
    std::function<void(const QJsonObject &chunk)> onChunk;
    std::function<void(const QJsonObject &usage)> onStreamEnd;
    std::function<void(const GatewayError &error)> onError;
    // A native stream's events as the provider sent them (instead of
    // onChunk); onStreamEnd's usage then is the provider's.
    std::function<void(const SseEvent &event)> onRawEvent;
    // Whatever the callbacks point to (WeakHandle's box); lives as they do.
    std::shared_ptr<const void> keepAlive;
};

// The answer as an object, parsing `raw` only when it was not parsed yet.
QJsonObject responseObject(const QJsonObject &response, const QByteArray &raw);

class ProviderCall {
public:
    virtual ~ProviderCall() = default;
    virtual void cancel() = 0;
};

// A provider kind's adapter (OpenAI-compatible, Anthropic, mock). One
// instance per worker thread; calls run on that thread's event loop.
class Provider {
public:
    virtual ~Provider() = default;
    virtual std::unique_ptr<ProviderCall> start(const ProviderRequest &request,
                                                ProviderCallbacks callbacks) = 0;
};

}  // namespace gatehouse
