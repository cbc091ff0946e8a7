#include "ScriptedTcpServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>

namespace gatehouse {

namespace {

using Clock = std::chrono::steady_clock;

// Waits for `events` in slices, so a stopping server is noticed quickly.
// Returns true when the event is there, false on timeout or stop.
bool waitFor(int fd, short events, Clock::time_point deadline, const std::atomic<bool> *stop) {
    while (!stop->load()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, int(qMin<qint64>(left, 50)));
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
    return false;
}

}  // namespace

QByteArray ScriptedConnection::readRequest(int timeoutMs) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    char chunk[16384];
    for (;;) {
        const qsizetype headEnd = buffer_.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            qint64 length = 0;
            for (const QByteArray &line : buffer_.left(headEnd).split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            const qsizetype total = headEnd + 4 + qsizetype(length);
            if (buffer_.size() >= total) {
                const QByteArray request = buffer_.left(total);
                buffer_.remove(0, total);
                return request;
            }
        }
        if (!waitFor(fd_, POLLIN, deadline, stopping_)) return {};
        const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n <= 0) return {};
        buffer_.append(chunk, qsizetype(n));
    }
}

bool ScriptedConnection::write(const QByteArray &bytes) {
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n =
            ::send(fd_, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += n;
    }
    return true;
}

void ScriptedConnection::holdUntilClosed(int timeoutMs) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    char chunk[4096];
    while (waitFor(fd_, POLLIN, deadline, stopping_)) {
        if (::recv(fd_, chunk, sizeof(chunk), 0) <= 0) return;
    }
}

void ScriptedConnection::resetConnection() {
    linger l{1, 0};  // zero linger: close() sends RST
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    ::close(fd_);
    fd_ = -1;
}

ScriptedTcpServer::ScriptedTcpServer(Script script) : script_(std::move(script)) {}

ScriptedTcpServer::~ScriptedTcpServer() {
    stop();
}

bool ScriptedTcpServer::start() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listenFd_ < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(listenFd_, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
        ::listen(listenFd_, 128) != 0 ||
        ::getsockname(listenFd_, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        ::close(listenFd_);
        listenFd_ = -1;
        return false;
    }
    port_ = ntohs(addr.sin_port);
    acceptThread_ = std::thread([this] { acceptLoop(); });
    return true;
}

void ScriptedTcpServer::acceptLoop() {
    const auto noDeadline = Clock::now() + std::chrono::hours(24);
    while (waitFor(listenFd_, POLLIN, noDeadline, &stopping_)) {
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const int index = accepted_.fetch_add(1);
        std::lock_guard<std::mutex> lock(mutex_);
        connectionThreads_.emplace_back([this, fd, index] {
            ScriptedConnection connection(fd, index, &stopping_);
            script_(connection);
            if (connection.fd() >= 0) ::close(connection.fd());
        });
    }
}

void ScriptedTcpServer::stop() {
    stopping_ = true;
    if (acceptThread_.joinable()) acceptThread_.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        threads.swap(connectionThreads_);
    }
    for (auto &t : threads) t.join();
    if (listenFd_ >= 0) ::close(listenFd_);
    listenFd_ = -1;
}

}  // namespace gatehouse
