#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

// What a codec's decoding of a request leaves for the same codec's answer:
// read by its encoders, opaque to everyone else. A plain struct, not a
// QJsonObject: each QJsonObject insert or look-up costs thousands of
// instructions in Qt 6.4, and a translated request made several.
struct CodecContext {
    // ---- the Responses API
    QString responseId;  // the answer's "id", drawn when the request is decoded
    // The request fields a response object echoes: decoded (the canonical
    // decode), or (the byte path) one JSON object's text with every echoed
    // member in kEchoedFields' order, each as the request wrote it or its
    // default: the answer's own members, ready to copy.
    QJsonObject echo;
    QByteArray echoJson;
    // The conversation to store with the answer (absent: "store": false):
    // as chat messages (the canonical decode) or their JSON text, an array
    // (the byte path, appended to as text).
    std::optional<QJsonArray> conversation;
    std::optional<QByteArray> conversationJson;
    QStringList customTools;  // names of the request's custom (free-form) tools

    // ---- the Gemini API
    bool jsonArrayStream = false;  // a stream answered as one JSON array (no ?alt=sse)

    bool keepsConversation() const { return conversation || conversationJson; }
};

}  // namespace gatehouse
