#pragma once

#include "providers/ProviderDialect.h"

namespace gatehouse {

// Newline-delimited JSON (Ollama's streams: one JSON object a line, no
// server-sent events): each non-empty line becomes one SseEvent whose data
// is the line. A line longer than kMaxLineBytes breaks the stream.
class NdjsonFramer : public StreamFramer {
public:
    static constexpr qsizetype kMaxLineBytes = 16 * 1024 * 1024;

    QList<SseEvent> feed(const QByteArray &bytes) override;
    QString errorMessage() const override { return error_; }

private:
    QByteArray pending_;  // an incomplete last line
    QString error_;
};

}  // namespace gatehouse
