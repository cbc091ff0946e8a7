#include "TcpStream.h"

#include <QEvent>
#include <QHostInfo>
#include <QSocketNotifier>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace gatehouse {

namespace {

QString errorText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

void setNoDelay(int fd) {
    const int on = 1;  // answers are written whole; Nagle would only delay them
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *out) {
    std::memset(out, 0, sizeof *out);
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        in6->sin6_scope_id = address.scopeId().toUInt();
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(out);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

}  // namespace

// Calls the stream straight from the event dispatcher's activation event,
// without a signal emission in between.
class TcpStream::Notifier final : public QSocketNotifier {
public:
    Notifier(Type type, TcpStream *stream) : QSocketNotifier(type, stream), stream_(stream) {}

protected:
    bool event(QEvent *e) override {
        if (e->type() == QEvent::SockAct || e->type() == QEvent::SockClose) {
            if (type() == Read)
                stream_->onReadable();
            else
                stream_->onWritable();
            return true;
        }
        return QSocketNotifier::event(e);
    }

private:
    TcpStream *stream_;
};

TcpStream::TcpStream(ByteStreamEvents *events, QObject *parent)
    : ByteStream(parent),
      events_(events),
      readNotifier_(new Notifier(QSocketNotifier::Read, this)),
      writeNotifier_(new Notifier(QSocketNotifier::Write, this)) {}

TcpStream::~TcpStream() {
    closeSocket(false);
}

bool TcpStream::adopt(int fd, QString *error) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        if (error) *error = errorText(errno);
        ::close(fd);
        state_ = State::Ended;
        return false;
    }
    fd_ = fd;
    setNoDelay(fd_);
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    if (::getpeername(fd_, reinterpret_cast<sockaddr *>(&peer), &length) == 0) {
        peerAddressText_ = QHostAddress(reinterpret_cast<const sockaddr *>(&peer)).toString();
        peerPort_ = ntohs(peer.ss_family == AF_INET6
                              ? reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port
                              : reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
    }
    state_ = State::Connected;
    readNotifier_->setSocket(fd_);
    writeNotifier_->setSocket(fd_);
    readNotifier_->setEnabled(readEnabled_);
    return true;
}

void TcpStream::connectTo(const QString &host, quint16 port) {
    if (state_ != State::Idle) return;
    port_ = port;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        addresses_ = {literal};
        tryNextAddress();
        return;
    }
    state_ = State::Resolving;
    QHostInfo::lookupHost(host, this, [this](const QHostInfo &info) {
        if (state_ != State::Resolving) return;  // aborted meanwhile
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            end(StreamEnd::Kind::ConnectFailed, info.error() != QHostInfo::NoError
                                                    ? info.errorString()
                                                    : QStringLiteral("Host not found"));
            return;
        }
        addresses_ = info.addresses();
        tryNextAddress();
    });
}

void TcpStream::tryNextAddress() {
    while (nextAddress_ < addresses_.size()) {
        const QHostAddress &address = addresses_.at(nextAddress_++);
        sockaddr_storage target;
        const socklen_t length = toSockaddr(address, port_, &target);
        const int fd = ::socket(target.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            lastError_ = errorText(errno);
            continue;
        }
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&target), length) == 0 ||
            errno == EINPROGRESS) {
            fd_ = fd;
            state_ = State::Connecting;
            readNotifier_->setSocket(fd_);
            writeNotifier_->setSocket(fd_);
            writeNotifier_->setEnabled(true);  // writable = the connection attempt is over
            return;
        }
        lastError_ = errorText(errno);
        ::close(fd);
    }
    state_ = State::Connecting;  // so that end() reports it
    end(StreamEnd::Kind::ConnectFailed,
        lastError_.isEmpty() ? QStringLiteral("no address to connect to") : lastError_);
}

void TcpStream::finishConnecting() {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) < 0) error = errno;
    if (error != 0) {
        lastError_ = errorText(error);
        writeNotifier_->setEnabled(false);
        ::close(fd_);
        fd_ = -1;
        tryNextAddress();
        return;
    }
    setNoDelay(fd_);
    state_ = State::Connected;
    writeNotifier_->setEnabled(bytesToWrite() > 0);
    readNotifier_->setEnabled(readEnabled_);
    events_->streamConnected();
}

qint64 TcpStream::read(char *buffer, qint64 size) {
    if (state_ != State::Connected || size <= 0) return 0;
    for (;;) {
        const ssize_t n = ::recv(fd_, buffer, size_t(size), 0);
        if (n > 0) return n;
        if (n == 0) {
            end(StreamEnd::Kind::ClosedByPeer,
                QStringLiteral("The remote host closed the connection"));
            return 0;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        end(StreamEnd::Kind::Broken, errorText(errno));
        return 0;
    }
}

void TcpStream::write(const char *data, qint64 size) {
    if (size <= 0 || state_ == State::Ended || state_ == State::Closing) return;
    qint64 sent = 0;
    // Straight to the kernel when nothing is queued before these bytes.
    if (state_ == State::Connected && bytesToWrite() == 0) {
        while (sent < size) {
            const ssize_t n = ::send(fd_, data + sent, size_t(size - sent), MSG_NOSIGNAL);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            end(StreamEnd::Kind::Broken, errorText(errno));
            return;
        }
        if (sent == size) return;
    }
    out_.append(data + sent, size - sent);  // sendQueued() empties out_ whenever it drains
    if (state_ == State::Connected) writeNotifier_->setEnabled(true);
}

// False when the stream ended.
bool TcpStream::sendQueued() {
    while (bytesToWrite() > 0) {
        const ssize_t n =
            ::send(fd_, out_.constData() + outOffset_, size_t(bytesToWrite()), MSG_NOSIGNAL);
        if (n > 0) {
            outOffset_ += n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        end(StreamEnd::Kind::Broken, errorText(errno));
        return false;
    }
    out_.resize(0);
    outOffset_ = 0;
    return true;
}

void TcpStream::onReadable() {
    if (state_ == State::Connected) events_->streamReadable();
}

void TcpStream::onWritable() {
    if (state_ == State::Connecting) {
        finishConnecting();
        return;
    }
    if (state_ != State::Connected && state_ != State::Closing) return;
    if (!sendQueued()) return;
    if (bytesToWrite() > 0) return;  // the kernel's buffer is full again
    writeNotifier_->setEnabled(false);
    if (state_ == State::Closing) {
        closeSocket(true);
        state_ = State::Ended;
        events_->streamEnded(StreamEnd{StreamEnd::Kind::ClosedHere, QString()});
    }
}

void TcpStream::setReadEnabled(bool enabled) {
    readEnabled_ = enabled;
    if (state_ == State::Connected) readNotifier_->setEnabled(enabled);
}

bool TcpStream::closeAfterWriting() {
    if (state_ == State::Ended || state_ == State::Idle) return true;
    if (state_ != State::Connected || bytesToWrite() == 0) {
        closeSocket(true);
        state_ = State::Ended;
        return true;
    }
    state_ = State::Closing;
    readNotifier_->setEnabled(false);
    return false;
}

void TcpStream::abort(bool reset) {
    if (reset && fd_ >= 0) {
        const linger noLinger{1, 0};  // close() then sends RST
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
    }
    closeSocket(false);
    state_ = State::Ended;
}

// `drainInput`: an orderly close. Requests the peer already sent and we will
// not answer are read first: closing with unread input makes the kernel
// send a reset, which can destroy the last answer before the peer reads it.
void TcpStream::closeSocket(bool drainInput) {
    if (fd_ < 0) return;
    readNotifier_->setEnabled(false);
    writeNotifier_->setEnabled(false);
    if (drainInput) {
        char sink[4096];
        for (int i = 0; i < 16 && ::recv(fd_, sink, sizeof sink, 0) > 0; ++i) {
        }
        ::shutdown(fd_, SHUT_WR);
    }
    ::close(fd_);
    fd_ = -1;
}

// Closes now and tells the owner on the next event-loop pass: never from
// inside the owner's own call to read() or write().
void TcpStream::end(StreamEnd::Kind kind, const QString &message) {
    if (state_ == State::Ended) return;
    const bool neverConnected = state_ == State::Connecting || state_ == State::Resolving;
    closeSocket(false);
    state_ = State::Ended;
    const StreamEnd why{neverConnected ? StreamEnd::Kind::ConnectFailed : kind, message};
    QMetaObject::invokeMethod(
        this, [this, why] { events_->streamEnded(why); }, Qt::QueuedConnection);
}

}  // namespace gatehouse
