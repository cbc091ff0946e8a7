#pragma once

#include "http/GatewayError.h"
#include "http/HttpHeaders.h"
#include "http/SseParser.h"
#include "translate/PassThroughBody.h"

#include <QJsonObject>
#include <QString>
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

// What a provider call reports to. Results in order: either onResponse, or
// onChunk* (or onRawEvent*) then onStreamEnd, or onError at any point (after
// chunks it means the stream broke). All are OpenAI-shaped. Nothing is
// called after cancel().
class ProviderListener {
public:
    virtual ~ProviderListener() = default;
    // `raw` is the provider's own bytes when they already are this exact
    // OpenAI JSON (checked well-formed), so they can be sent on as they are;
    // then `response` is left empty unparsed — use responseObject() to read it.
    virtual void onResponse(const QJsonObject &response, const QByteArray &raw) = 0;
    virtual void onChunk(const QJsonObject &chunk) = 0;
    // A chunk that is exactly the JSON text `text` (the provider's own event
    // data, one line): a client of the same format may get the text as it
    // is instead of the chunk written again.
    virtual void onChunkText(const QJsonObject &chunk, const QByteArray &text) {
        Q_UNUSED(text);
        onChunk(chunk);
    }
    virtual void onStreamEnd(const QJsonObject &usage) = 0;
    virtual void onError(const GatewayError &error) = 0;
    // A native stream's events as the provider sent them (instead of
    // onChunk); onStreamEnd's usage then is the provider's.
    virtual void onRawEvent(const SseEvent &event) = 0;
};

// A provider call's weak handle to its listener: a report to a listener
// that has gone is dropped, so a call never keeps its caller alive. A
// listener owned by a shared_ptr hands out a handle to itself without an
// allocation (the weak_ptr shares the owner's control block).
class ProviderCallbacks {
public:
    ProviderCallbacks() = default;
    explicit ProviderCallbacks(std::weak_ptr<ProviderListener> listener)
        : listener_(std::move(listener)) {}
    template <typename T>
    static ProviderCallbacks to(const std::shared_ptr<T> &listener) {
        return ProviderCallbacks(
            std::weak_ptr<ProviderListener>(std::static_pointer_cast<ProviderListener>(listener)));
    }

    void onResponse(const QJsonObject &response, const QByteArray &raw) const {
        if (auto l = listener_.lock()) l->onResponse(response, raw);
    }
    void onChunk(const QJsonObject &chunk) const {
        if (auto l = listener_.lock()) l->onChunk(chunk);
    }
    void onChunkText(const QJsonObject &chunk, const QByteArray &text) const {
        if (auto l = listener_.lock()) l->onChunkText(chunk, text);
    }
    void onStreamEnd(const QJsonObject &usage) const {
        if (auto l = listener_.lock()) l->onStreamEnd(usage);
    }
    void onError(const GatewayError &error) const {
        if (auto l = listener_.lock()) l->onError(error);
    }
    void onRawEvent(const SseEvent &event) const {
        if (auto l = listener_.lock()) l->onRawEvent(event);
    }

private:
    std::weak_ptr<ProviderListener> listener_;
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
