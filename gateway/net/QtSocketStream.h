#pragma once

#include "ByteStream.h"

class QAbstractSocket;

namespace gatehouse {

// A ByteStream over one of Qt's sockets; used for TLS (QSslSocket), where
// Qt does the encryption.
class QtSocketStream final : public ByteStream {
public:
    // Takes ownership of `socket`.
    QtSocketStream(QAbstractSocket *socket, ByteStreamEvents *events, QObject *parent = nullptr);

    // Encrypted when the socket is a QSslSocket.
    void connectTo(const QString &host, quint16 port) override;
    qint64 read(char *buffer, qint64 size) override;
    void write(const char *data, qint64 size) override;
    using ByteStream::write;
    qint64 bytesToWrite() const override;
    void setReadEnabled(bool enabled) override;
    bool closeAfterWriting() override;
    void abort(bool reset = false) override;
    bool isOpen() const override;

private:
    void onConnected();
    void onReadyRead();
    void onError();
    void onDisconnected();
    void end(StreamEnd::Kind kind, const QString &message);

    QAbstractSocket *socket_;
    ByteStreamEvents *events_;
    bool connected_ = false;
    bool closingHere_ = false;
    bool insideClose_ = false;
    bool insideWrite_ = false;
    bool ended_ = false;
    bool readEnabled_ = true;
};

}  // namespace gatehouse
