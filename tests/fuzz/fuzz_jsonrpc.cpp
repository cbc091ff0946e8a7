// MCP's JSON-RPC decoder (mcp/JsonRpc): what servers send on stdout or over
// HTTP and what clients POST to /mcp. Every input is either refused with a
// reason or decoded into messages that encode and decode back to the same;
// the stdio line splitter gives the same lines however the bytes are split.
#include "mcp/JsonRpc.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse::mcp;

namespace {

QByteArray reencode(const JsonRpcMessage &m) {
    switch (m.kind) {
        case JsonRpcMessage::Kind::Request:
            return encodeRequest(m.id, m.method, m.params);
        case JsonRpcMessage::Kind::Notification:
            return encodeNotification(m.method, m.params);
        case JsonRpcMessage::Kind::Result:
            return encodeResult(m.id, m.result);
        case JsonRpcMessage::Kind::Error:
            return encodeError(m.id, m.errorCode, m.errorMessage);
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 13;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));

    QList<JsonRpcMessage> messages;
    QString error;
    const bool ok = decodeMessages(bytes, &messages, &error);
    if (!ok && error.isEmpty()) abort();  // a refusal always says why
    if (ok && messages.isEmpty()) abort();
    if (ok) {
        for (const JsonRpcMessage &m : messages) {
            if ((m.kind == JsonRpcMessage::Kind::Request ||
                 m.kind == JsonRpcMessage::Kind::Notification) &&
                m.method.isEmpty())
                abort();
            QList<JsonRpcMessage> back;
            QString why;
            if (!decodeMessages(reencode(m), &back, &why) || back.size() != 1) abort();
            const JsonRpcMessage &b = back.first();
            if (b.kind != m.kind || b.id != m.id || b.method != m.method ||
                b.errorCode != m.errorCode)
                abort();
        }
    }

    LineSplitter whole(1024);
    const QList<QByteArray> once = whole.feed(bytes);
    LineSplitter split(1024);
    QList<QByteArray> pieces;
    for (qsizetype at = 0; at < bytes.size(); at += qsizetype(piece))
        pieces += split.feed(bytes.mid(at, qsizetype(piece)));
    if (!whole.failed() && !split.failed() && once != pieces) abort();
    for (const QByteArray &line : once)
        if (line.isEmpty() || line.contains('\n')) abort();
    return 0;
}
