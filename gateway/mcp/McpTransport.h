#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace gatehouse {

// How one MCP client reaches its server: a child process (stdio), or HTTP
// (streamable HTTP, or the older HTTP+SSE). It moves JSON-RPC bodies;
// McpClient speaks the protocol over it. Lives on the MCP thread.
class McpTransport : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Starts it; opened() or failed() follows (never from inside open()).
    virtual void open() = 0;
    // One JSON-RPC message.
    virtual void send(const QByteArray &message) = 0;
    // Ends it; no signal follows. A child process is ended cleanly in the
    // background (stdin closed, then SIGTERM, then SIGKILL).
    virtual void close() = 0;
    // The same, waiting until the child is gone (shutdown).
    virtual void closeAndWait() { close(); }
    // What the server wrote to stderr lately (stdio only).
    virtual QString stderrTail() const { return {}; }
    virtual qint64 processId() const { return 0; }
    // The protocol version agreed in the handshake (sent as a header on HTTP).
    virtual void setProtocolVersion(const QString &) {}
    // After the handshake: listen for messages the server sends on its own
    // (streamable HTTP's GET stream; nothing to do for the others).
    virtual void listen() {}

signals:
    void opened();
    // One body or line: a message or a batch, not yet decoded.
    void received(const QByteArray &json);
    // The connection is lost or could not be made; says why for people.
    void failed(const QString &why);
    // A stdio server wrote to stderr (stderrTail() has it).
    void stderrGrew();
};

}  // namespace gatehouse
