#pragma once

#include "http/GatewayError.h"
#include "http/SseParser.h"

#include <QJsonObject>

namespace gatehouse {

// Watches a stream relayed in the provider's own format (Anthropic
// Messages, OpenAI Responses or Gemini events) for what the gateway itself needs:
// where it ends, an error event, and the usage for the log, in chat names.
class NativeStreamWatcher {
public:
    enum class Format { AnthropicMessages, OpenAIResponses, Gemini };
    explicit NativeStreamWatcher(Format format) : format_(format) {}

    // Sets `done` at the stream's last event; fills `error` (and the event
    // must not be relayed: the client gets the error in its own format) when
    // the provider reports one.
    void observe(const SseEvent &event, bool *done, GatewayError *error);
    QJsonObject usage() const { return usage_; }

private:
    void observeAnthropic(const QByteArray &type, const QJsonObject &data, bool *done,
                          GatewayError *error);
    void observeResponses(const QByteArray &type, const QJsonObject &data, bool *done,
                          GatewayError *error);
    void observeGemini(const QJsonObject &data, GatewayError *error);

    Format format_;
    QJsonObject anthropicUsage_;
    QJsonObject usage_;
};

}  // namespace gatehouse
