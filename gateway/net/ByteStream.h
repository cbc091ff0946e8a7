#pragma once

#include <QObject>
#include <QString>

namespace gatehouse {

// Why a stream ended.
struct StreamEnd {
    enum class Kind {
        ClosedByPeer,   // the peer closed its side (end of file)
        ConnectFailed,  // never connected: refused, unreachable, name not found, TLS failed
        Broken,         // reset or another error on an established connection
        ClosedHere,     // we closed it after writing everything (closeAfterWriting)
    };
    Kind kind;
    QString message;  // for people: "Connection refused", "Connection reset by peer"
};

// What a stream tells its owner, always from the stream's thread and never
// from inside one of the stream's own calls. The owner may abort the stream
// or deleteLater() itself from any of them.
class ByteStreamEvents {
public:
    virtual void streamConnected() {}
    // Bytes can be read. The owner reads them with read() now, or turns
    // reading off with setReadEnabled(false); otherwise it is asked again.
    virtual void streamReadable() = 0;
    // No further events follow; the stream is closed.
    virtual void streamEnded(const StreamEnd &end) = 0;

protected:
    ~ByteStreamEvents() = default;
};

// A connected byte stream: a plain TCP socket driven directly (TcpStream) or
// one of Qt's sockets (QtSocketStream, for TLS). Writes never block: what the
// kernel does not take at once is kept and sent as the peer reads.
class ByteStream : public QObject {
public:
    using QObject::QObject;

    // Connects to host:port (a name or an address literal); streamConnected
    // or streamEnded(ConnectFailed) follows.
    virtual void connectTo(const QString &host, quint16 port) = 0;
    // Bytes read into `buffer`, at most `size`; 0 when nothing more is there
    // right now or the stream has ended (streamEnded follows).
    virtual qint64 read(char *buffer, qint64 size) = 0;
    // Queues the bytes; they go out in order. Ignored once the stream ended.
    virtual void write(const char *data, qint64 size) = 0;
    void write(const QByteArray &bytes) { write(bytes.constData(), bytes.size()); }
    // Bytes accepted by write() that the kernel has not taken yet.
    virtual qint64 bytesToWrite() const = 0;
    virtual void setReadEnabled(bool enabled) = 0;
    // Closes once everything queued is written; streamEnded(ClosedHere)
    // follows. True when that already happened, inside this call (then no
    // event follows).
    virtual bool closeAfterWriting() = 0;
    // Closes now, dropping what is queued; with `reset`, the peer sees a TCP
    // reset instead of an orderly end. No event follows.
    virtual void abort(bool reset = false) = 0;
    virtual bool isOpen() const = 0;
};

}  // namespace gatehouse
