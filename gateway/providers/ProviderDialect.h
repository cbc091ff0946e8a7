#pragma once

#include "NativeStream.h"
#include "Provider.h"
#include "http/SseParser.h"
#include "upstream/UpstreamRequest.h"

#include <QList>
#include <memory>

namespace gatehouse {

// Turns one provider's server-sent events into OpenAI chat/completion chunks.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    // Appends the chunks this event produces. Sets `done` at the stream's
    // logical end, or fills `error` when the provider reports one.
    virtual void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *done,
                        GatewayError *error) = 0;
    virtual QJsonObject usage() const { return {}; }
    // Each chunk decode() gives is its event's data as it is (not built
    // from it): the data may be relayed instead of the chunk.
    virtual bool chunksAreEventData() const { return false; }
};

// Splits a streamed answer's bytes into the events a StreamDecoder reads.
// Server-sent events for most providers; one with its own framing (Bedrock's
// binary event stream) maps each of its messages to an SseEvent.
class StreamFramer {
public:
    virtual ~StreamFramer() = default;
    // The events the bytes complete; input may be split anywhere.
    virtual QList<SseEvent> feed(const QByteArray &bytes) = 0;
    // Set once the bytes cannot be framed; the stream is broken from there.
    virtual QString errorMessage() const = 0;
};

class SseFramer : public StreamFramer {
public:
    QList<SseEvent> feed(const QByteArray &bytes) override { return parser_.feed(bytes); }
    QString errorMessage() const override { return parser_.errorMessage(); }

private:
    SseParser parser_;
};

// What differs between HTTP providers: how a request is written, how answers
// and errors read. HttpProvider does the rest (transport, streaming, limits).
class ProviderDialect {
public:
    virtual ~ProviderDialect() = default;
    virtual bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                              GatewayError *error) const = 0;
    virtual bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                                QJsonObject *openAI, GatewayError *error) const = 0;
    virtual std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const = 0;
    // How a streamed answer's bytes become events (server-sent events unless
    // the provider frames its streams otherwise).
    virtual std::unique_ptr<StreamFramer> streamFramer(const ProviderRequest &request) const {
        Q_UNUSED(request);
        return std::make_unique<SseFramer>();
    }
    // The human message in a provider's error body (empty if none found).
    virtual QString errorMessage(const QJsonObject &body) const = 0;
    // True when decodeResponse returns the upstream JSON unchanged.
    virtual bool passesResponsesThrough() const { return false; }
    // The format of this provider's native requests (ProviderRequest::native).
    virtual NativeStreamWatcher::Format nativeFormat() const {
        return NativeStreamWatcher::Format::OpenAIResponses;
    }
};

// base_url + path, without doubling a "/v1" the user already put in base_url.
QUrl joinProviderUrl(const QString &baseUrl, const QString &path);

// Copies the client's headers named in `names` (case-insensitive; a name
// ending in '*' is a prefix) to `out`, replacing fields of the same name:
// the provider-relevant ones of a native request (anthropic-beta, ...).
void forwardClientHeaders(const ProviderRequest &request,
                          std::initializer_list<QByteArrayView> names, HttpHeaders *out);

}  // namespace gatehouse
