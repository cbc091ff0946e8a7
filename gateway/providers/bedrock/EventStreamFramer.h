#pragma once

#include "EventStreamDecoder.h"
#include "providers/ProviderDialect.h"

namespace gatehouse {

// Bedrock's application/vnd.amazon.eventstream answer as events for a
// StreamDecoder: an event message becomes {event: its :event-type, data: its
// payload}; an exception message {event: "exception", data: its payload,
// id: its :exception-type}; an error message {event: "error", data: its
// :error-message, id: its :error-code}. A broken frame ends the stream with
// an error (HttpProvider reports it as an upstream protocol error).
class EventStreamFramer : public StreamFramer {
public:
    QList<SseEvent> feed(const QByteArray &bytes) override;
    QString errorMessage() const override { return decoder_.errorMessage(); }

private:
    aws::EventStreamDecoder decoder_;
};

}  // namespace gatehouse
