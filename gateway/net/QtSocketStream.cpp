#include "QtSocketStream.h"

#include <QSslSocket>
#include <algorithm>

namespace gatehouse {

QtSocketStream::QtSocketStream(QAbstractSocket *socket, ByteStreamEvents *events, QObject *parent)
    : ByteStream(parent), socket_(socket), events_(events) {
    socket_->setParent(this);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket_))
        connect(ssl, &QSslSocket::encrypted, this, &QtSocketStream::onConnected);
    else
        connect(socket_, &QAbstractSocket::connected, this, &QtSocketStream::onConnected);
    connect(socket_, &QAbstractSocket::readyRead, this, &QtSocketStream::onReadyRead);
    connect(socket_, &QAbstractSocket::errorOccurred, this, &QtSocketStream::onError);
    connect(socket_, &QAbstractSocket::disconnected, this, &QtSocketStream::onDisconnected);
}

void QtSocketStream::connectTo(const QString &host, quint16 port) {
    if (auto *ssl = qobject_cast<QSslSocket *>(socket_))
        ssl->connectToHostEncrypted(host, port);
    else
        socket_->connectToHost(host, port);
}

void QtSocketStream::onConnected() {
    connected_ = true;
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    events_->streamConnected();
}

void QtSocketStream::onReadyRead() {
    if (!ended_ && readEnabled_) events_->streamReadable();
}

void QtSocketStream::onError() {
    // Qt reports a close by the peer as an error while the socket still
    // says ConnectedState; it is an orderly end, not a failure.
    if (socket_->error() == QAbstractSocket::RemoteHostClosedError)
        end(StreamEnd::Kind::ClosedByPeer, socket_->errorString());
    else
        end(connected_ ? StreamEnd::Kind::Broken : StreamEnd::Kind::ConnectFailed,
            socket_->errorString());
}

void QtSocketStream::onDisconnected() {
    end(closingHere_ ? StreamEnd::Kind::ClosedHere : StreamEnd::Kind::ClosedByPeer,
        socket_->errorString());
}

void QtSocketStream::end(StreamEnd::Kind kind, const QString &message) {
    if (ended_) return;
    ended_ = true;
    if (insideClose_) return;  // the caller learns it from closeAfterWriting()
    const StreamEnd why{kind, message};
    if (insideWrite_) {  // never from inside the owner's own call
        QMetaObject::invokeMethod(
            this, [this, why] { events_->streamEnded(why); }, Qt::QueuedConnection);
        return;
    }
    events_->streamEnded(why);
}

qint64 QtSocketStream::read(char *buffer, qint64 size) {
    if (ended_) return 0;
    return std::max<qint64>(socket_->read(buffer, size), 0);
}

void QtSocketStream::write(const char *data, qint64 size) {
    if (ended_ || closingHere_) return;
    insideWrite_ = true;
    socket_->write(data, size);
    socket_->flush();  // now, not on the next event-loop pass
    insideWrite_ = false;
}

qint64 QtSocketStream::bytesToWrite() const {
    return socket_->bytesToWrite();
}

// Qt keeps reading into its buffer; the owner is just not asked while off.
void QtSocketStream::setReadEnabled(bool enabled) {
    readEnabled_ = enabled;
    if (enabled && socket_->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &QtSocketStream::onReadyRead, Qt::QueuedConnection);
}

bool QtSocketStream::closeAfterWriting() {
    if (ended_) return true;
    closingHere_ = true;
    insideClose_ = true;  // Qt may emit disconnected() from inside the call
    socket_->disconnectFromHost();
    insideClose_ = false;
    if (!ended_ && socket_->state() != QAbstractSocket::UnconnectedState) return false;
    ended_ = true;
    return true;
}

void QtSocketStream::abort(bool reset) {
    Q_UNUSED(reset);  // only used on plain TCP (TcpStream)
    ended_ = true;
    socket_->disconnect(this);
    socket_->abort();
}

bool QtSocketStream::isOpen() const {
    return !ended_;
}

}  // namespace gatehouse
