#include "TestHttpClient.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <utility>

namespace gatehouse {

namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point deadlineIn(int timeoutMs) {
    return Clock::now() + std::chrono::milliseconds(timeoutMs);
}

int msLeft(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : int(left);
}

// Waits for `events` on fd; false on timeout.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, msLeft(deadline));
        if (r > 0) return true;
        if (r == 0) return false;
        if (errno != EINTR) return false;
    }
}

}  // namespace

QByteArray TestStreamedResponse::body() const {
    QByteArray all;
    for (const auto &p : pieces) all += p.data;
    return all;
}

TestHttpClient::~TestHttpClient() {
    close();
}

bool TestHttpClient::connectTo(quint16 port, int timeoutMs) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (receiveBufferBytes_ > 0)  // before connect(): it sets the window offered
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes_, sizeof(receiveBufferBytes_));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0) return true;
    if (errno != EINPROGRESS || !waitFor(fd_, POLLOUT, deadlineIn(timeoutMs))) {
        close();
        return false;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        close();
        return false;
    }
    return true;
}

bool TestHttpClient::send(const QByteArray &bytes, int timeoutMs) {
    if (fd_ < 0) return false;
    const auto deadline = deadlineIn(timeoutMs);
    qint64 sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n =
            ::send(fd_, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitFor(fd_, POLLOUT, deadline))
            continue;
        return false;
    }
    sentAt_ = Clock::now();
    return true;
}

void TestHttpClient::shutdownWrite() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

void TestHttpClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
    framing_ = Framing::None;
}

QString TestHttpClient::fillError(Fill f) {
    switch (f) {
        case Fill::Timeout:
            return QStringLiteral("timeout");
        case Fill::Reset:
            return QStringLiteral("reset");
        default:
            return QStringLiteral("closed");
    }
}

qint64 TestHttpClient::sinceSendMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sentAt_).count();
}

TestHttpClient::Fill TestHttpClient::fill(Clock::time_point deadline) {
    if (fd_ < 0) return Fill::Closed;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n > 0) {
            buffer_.append(chunk, qsizetype(n));
            return Fill::Ok;
        }
        if (n == 0) return Fill::Closed;
        if (errno == EINTR) continue;
        if (errno == ECONNRESET) return Fill::Reset;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return Fill::Closed;
        if (!waitFor(fd_, POLLIN, deadline)) return Fill::Timeout;
    }
}

TestHttpClient::Fill TestHttpClient::readLine(QByteArray *line, Clock::time_point deadline) {
    for (;;) {
        const qsizetype end = buffer_.indexOf("\r\n");
        if (end >= 0) {
            *line = buffer_.left(end);
            buffer_.remove(0, end + 2);
            return Fill::Ok;
        }
        const Fill f = fill(deadline);
        if (f != Fill::Ok) return f;
    }
}

TestHttpClient::Fill TestHttpClient::readExactly(qint64 n, QByteArray *out,
                                                 Clock::time_point deadline) {
    while (buffer_.size() < n) {
        const Fill f = fill(deadline);
        if (f != Fill::Ok) return f;
    }
    *out = buffer_.left(qsizetype(n));
    buffer_.remove(0, qsizetype(n));
    return Fill::Ok;
}

bool TestHttpClient::parseHead(TestHttpResponse *head, Clock::time_point deadline) {
    for (;;) {
        *head = TestHttpResponse{};
        QByteArray line;
        Fill f = readLine(&line, deadline);
        if (f != Fill::Ok) {
            head->error = fillError(f);
            return false;
        }
        const QList<QByteArray> parts = line.split(' ');
        bool ok = false;
        if (parts.size() >= 2) head->status = parts[1].toInt(&ok);
        if (!ok || !parts[0].startsWith("HTTP/1.")) {
            head->error =
                QStringLiteral("malformed: status line '%1'").arg(QString::fromLatin1(line));
            return false;
        }
        head->version = parts[0];
        head->reason = line.mid(parts[0].size() + parts[1].size() + 2);
        for (;;) {
            f = readLine(&line, deadline);
            if (f != Fill::Ok) {
                head->error = fillError(f);
                return false;
            }
            if (line.isEmpty()) break;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                head->error =
                    QStringLiteral("malformed: header '%1'").arg(QString::fromLatin1(line));
                return false;
            }
            head->headers.add(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }
        // Interim answers (100 Continue) precede the real one.
        if (head->status >= 200 || head->status == 101) return true;
    }
}

bool TestHttpClient::readHead(TestHttpResponse *head, int timeoutMs) {
    return readHeadFor(head, timeoutMs, false);
}

bool TestHttpClient::readHeadFor(TestHttpResponse *head, int timeoutMs, bool forHead) {
    framing_ = Framing::None;
    if (!parseHead(head, deadlineIn(timeoutMs))) return false;
    const int s = head->status;
    if (forHead || s == 204 || s == 304) return true;
    if (head->header("Transfer-Encoding").toLower().contains("chunked")) {
        head->chunked = true;
        framing_ = Framing::Chunked;
    } else if (head->headers.contains("Content-Length")) {
        bool ok = false;
        remaining_ = head->header("Content-Length").toLongLong(&ok);
        if (!ok || remaining_ < 0) {
            head->error = QStringLiteral("malformed: Content-Length");
            return false;
        }
        framing_ = Framing::Length;
    } else {
        head->closeDelimited = true;
        framing_ = Framing::Close;
    }
    return true;
}

TestBodyPiece TestHttpClient::readBodyPiece(int timeoutMs) {
    const auto deadline = deadlineIn(timeoutMs);
    TestBodyPiece piece;
    auto failed = [&](Fill f) {
        piece.kind = f == Fill::Timeout ? TestBodyPiece::Kind::Timeout
                     : f == Fill::Reset ? TestBodyPiece::Kind::Reset
                                        : TestBodyPiece::Kind::Closed;
        piece.atMs = sinceSendMs();
        if (f != Fill::Timeout) framing_ = Framing::None;
        return piece;
    };
    switch (framing_) {
        case Framing::None:
            piece.kind = TestBodyPiece::Kind::End;
            break;
        case Framing::Length: {
            if (remaining_ == 0) {
                framing_ = Framing::None;
                piece.kind = TestBodyPiece::Kind::End;
                break;
            }
            if (buffer_.isEmpty()) {
                const Fill f = fill(deadline);
                if (f != Fill::Ok) return failed(f);
            }
            const qsizetype n = qsizetype(qMin<qint64>(remaining_, buffer_.size()));
            piece.kind = TestBodyPiece::Kind::Data;
            piece.data = buffer_.left(n);
            buffer_.remove(0, n);
            remaining_ -= n;
            break;
        }
        case Framing::Chunked: {
            QByteArray line;
            Fill f = readLine(&line, deadline);
            if (f != Fill::Ok) return failed(f);
            const qsizetype semi = line.indexOf(';');
            bool ok = false;
            const qint64 size = (semi < 0 ? line : line.left(semi)).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                piece.kind = TestBodyPiece::Kind::Malformed;
                piece.data = line;
                framing_ = Framing::None;
                break;
            }
            if (size == 0) {
                do {  // trailer fields, then the empty line
                    f = readLine(&line, deadline);
                    if (f != Fill::Ok) return failed(f);
                } while (!line.isEmpty());
                framing_ = Framing::None;
                piece.kind = TestBodyPiece::Kind::End;
                break;
            }
            f = readExactly(size, &piece.data, deadline);
            if (f != Fill::Ok) return failed(f);
            f = readLine(&line, deadline);
            if (f != Fill::Ok) return failed(f);
            if (!line.isEmpty()) {
                piece.kind = TestBodyPiece::Kind::Malformed;
                framing_ = Framing::None;
                break;
            }
            piece.kind = TestBodyPiece::Kind::Data;
            break;
        }
        case Framing::Close: {
            if (buffer_.isEmpty()) {
                const Fill f = fill(deadline);
                if (f == Fill::Closed) {  // for this framing, the proper end
                    framing_ = Framing::None;
                    piece.kind = TestBodyPiece::Kind::End;
                    break;
                }
                if (f != Fill::Ok) return failed(f);
            }
            piece.kind = TestBodyPiece::Kind::Data;
            piece.data = std::exchange(buffer_, QByteArray());
            break;
        }
    }
    piece.atMs = sinceSendMs();
    return piece;
}

TestHttpResponse TestHttpClient::readResponse(int timeoutMs, bool forHead) {
    const auto deadline = deadlineIn(timeoutMs);
    TestHttpResponse response;
    if (!readHeadFor(&response, timeoutMs, forHead)) return response;
    for (;;) {
        const TestBodyPiece piece = readBodyPiece(msLeft(deadline));
        switch (piece.kind) {
            case TestBodyPiece::Kind::Data:
                response.body += piece.data;
                continue;
            case TestBodyPiece::Kind::End:
                response.complete = true;
                return response;
            case TestBodyPiece::Kind::Timeout:
                response.error = QStringLiteral("timeout");
                return response;
            case TestBodyPiece::Kind::Closed:
                response.error = QStringLiteral("closed");
                return response;
            case TestBodyPiece::Kind::Reset:
                response.error = QStringLiteral("reset");
                return response;
            case TestBodyPiece::Kind::Malformed:
                response.error = QStringLiteral("malformed: chunk framing");
                return response;
        }
    }
}

TestStreamedResponse TestHttpClient::readStreamed(int timeoutMs) {
    const auto deadline = deadlineIn(timeoutMs);
    TestStreamedResponse stream;
    if (!readHead(&stream.head, timeoutMs)) return stream;
    for (;;) {
        TestBodyPiece piece = readBodyPiece(msLeft(deadline));
        if (piece.kind != TestBodyPiece::Kind::Data) {
            stream.end = piece.kind;
            stream.complete = piece.kind == TestBodyPiece::Kind::End;
            return stream;
        }
        stream.pieces.append(std::move(piece));
    }
}

bool TestHttpClient::openStream(quint16 port, const QByteArray &path, TestHttpResponse *head) {
    return connectTo(port) && send(formatRequest("GET", path)) && readHead(head);
}

QByteArray TestHttpClient::readBodyUntil(const std::function<bool(const QByteArray &)> &done,
                                         int pieces, int pieceTimeoutMs) {
    QByteArray got;
    for (int i = 0; i < pieces && !done(got); ++i) {
        const TestBodyPiece piece = readBodyPiece(pieceTimeoutMs);
        if (piece.kind == TestBodyPiece::Kind::Data) got += piece.data;
    }
    return got;
}

bool TestHttpClient::waitForClose(int timeoutMs, QByteArray *received) {
    const auto deadline = deadlineIn(timeoutMs);
    Fill f;
    do {
        f = fill(deadline);
    } while (f == Fill::Ok);
    if (received) *received = buffer_;
    buffer_.clear();
    return f == Fill::Closed || f == Fill::Reset;
}

QByteArray TestHttpClient::readUntilClosed(int timeoutMs) {
    QByteArray received;
    waitForClose(timeoutMs, &received);
    return received;
}

QByteArray TestHttpClient::formatRequest(const QByteArray &method, const QByteArray &path,
                                         const QByteArray &body, const HttpHeaders &headers) {
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\n";
    if (!headers.contains("Host")) out += "Host: 127.0.0.1\r\n";
    for (const auto &f : headers.fields()) out += f.first + ": " + f.second + "\r\n";
    const bool framed = headers.contains("Content-Length") || headers.contains("Transfer-Encoding");
    if (!framed && (!body.isEmpty() || method == "POST" || method == "PUT"))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

TestHttpResponse TestHttpClient::request(quint16 port, const QByteArray &method,
                                         const QByteArray &path, const QByteArray &body,
                                         const HttpHeaders &headers, int timeoutMs) {
    TestHttpClient client;
    TestHttpResponse response;
    if (!client.connectTo(port, timeoutMs)) {
        response.error = QStringLiteral("cannot connect to port %1").arg(port);
        return response;
    }
    HttpHeaders all = headers;
    if (!all.contains("Connection")) all.add("Connection", "close");
    if (!all.contains("Content-Type") && !body.isEmpty())
        all.add("Content-Type", "application/json");
    if (!client.send(formatRequest(method, path, body, all), timeoutMs)) {
        response.error = QStringLiteral("send failed");
        return response;
    }
    return client.readResponse(timeoutMs, method == "HEAD");
}

TestHttpResponse TestHttpClient::post(quint16 port, const QByteArray &path, const QByteArray &json,
                                      const HttpHeaders &headers, int timeoutMs) {
    return request(port, "POST", path, json, headers, timeoutMs);
}

TestHttpResponse TestHttpClient::get(quint16 port, const QByteArray &path,
                                     const HttpHeaders &headers, int timeoutMs) {
    return request(port, "GET", path, {}, headers, timeoutMs);
}

}  // namespace gatehouse
