#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

// An OpenAI request body read without building a QJsonDocument: what the
// gateway needs from it ("model", "fallbacks", "stream") and the client's own
// bytes to send on, minus "fallbacks" (a gateway extension) and with a gap
// where the provider's model name goes. A request through no plugins to an
// OpenAI-compatible provider then costs no parse and no write of its JSON
// (those were ~40 allocations and a fifth of the gateway's instructions per
// request, measured with callgrind), and its numbers and key order reach the
// provider exactly as the client wrote them.
//
// Only plain bodies take this path: anything unusual (escapes in a key or in
// the model, a repeated gateway key, a "fallbacks" or "stream" of the wrong
// kind, malformed JSON) returns nothing, and the full decode answers it.
struct PassThroughBody {
    QString model;          // as the client wrote it: "provider/model"
    QStringList fallbacks;  // likewise
    bool stream = false;

    QByteArray bytes;        // the body without "fallbacks" and without model's value
    qsizetype modelAt = -1;  // where model's JSON string goes in `bytes`

    static std::optional<PassThroughBody> read(const QByteArray &body);
    // The body to send: `bytes` with `providerModel` as "model".
    QByteArray withModel(const QString &providerModel) const;
};

}  // namespace gatehouse
