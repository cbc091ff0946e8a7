#pragma once

#include "ByteStream.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>

namespace gatehouse {

// A plain TCP connection driven directly with non-blocking send()/recv() and
// two QSocketNotifiers on the worker's event loop. Compared with QTcpSocket
// it saves, per read, an ioctl(FIONREAD), a copy through QAbstractSocket's
// ring buffer and a signal emission, and per write the write-notifier
// round trip: 5k of the 72k instructions a proxied request took (callgrind).
// TLS connections use QtSocketStream instead.
class TcpStream final : public ByteStream {
public:
    explicit TcpStream(ByteStreamEvents *events, QObject *parent = nullptr);
    ~TcpStream() override;

    // Takes over an accepted, connected socket (closed by the stream from
    // now on, also when this fails).
    bool adopt(int fd, QString *error);
    // An address literal is used at once; a name is looked up with QHostInfo
    // (which caches answers) and each of its addresses tried in turn.
    void connectTo(const QString &host, quint16 port) override;

    qint64 read(char *buffer, qint64 size) override;
    void write(const char *data, qint64 size) override;
    using ByteStream::write;
    qint64 bytesToWrite() const override { return out_.size() - outOffset_; }
    void setReadEnabled(bool enabled) override;
    bool closeAfterWriting() override;
    void abort(bool reset = false) override;
    bool isOpen() const override { return fd_ >= 0; }

    // The peer of an adopted socket; the address as text, made once.
    const QString &peerAddressText() const { return peerAddressText_; }
    quint16 peerPort() const { return peerPort_; }

private:
    class Notifier;
    enum class State { Idle, Resolving, Connecting, Connected, Closing, Ended };

    void onReadable();
    void onWritable();
    void finishConnecting();
    void tryNextAddress();
    bool sendQueued();
    void closeSocket(bool drainInput);
    void end(StreamEnd::Kind kind, const QString &message);

    ByteStreamEvents *events_;
    Notifier *readNotifier_;
    Notifier *writeNotifier_;
    int fd_ = -1;
    State state_ = State::Idle;
    bool readEnabled_ = true;
    QByteArray out_;  // bytes the kernel has not taken yet, from outOffset_
    qsizetype outOffset_ = 0;
    QString peerAddressText_;
    quint16 peerPort_ = 0;
    // Connecting: the addresses of the name, the next one to try, and why
    // the last attempt failed.
    QList<QHostAddress> addresses_;
    qsizetype nextAddress_ = 0;
    quint16 port_ = 0;
    QString lastError_;
};

}  // namespace gatehouse
