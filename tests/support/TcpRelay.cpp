#include "TcpRelay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse {

namespace {
void resetAndClose(int fd) {
    linger l{1, 0};  // RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}
}  // namespace

TcpRelay::TcpRelay(QString targetHost, quint16 targetPort)
    : targetHost_(std::move(targetHost)), targetPort_(targetPort) {}

TcpRelay::~TcpRelay() {
    stopping_ = true;
    ++generation_;
    if (listenFd_ >= 0) ::shutdown(listenFd_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    if (listenFd_ >= 0) ::close(listenFd_);
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &t : pumps_)
        if (t.joinable()) t.join();
}

bool TcpRelay::start() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listenFd_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        ::listen(listenFd_, 64) != 0)
        return false;
    socklen_t len = sizeof a;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr *>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
    return true;
}

void TcpRelay::cut() {
    down_ = true;
    ++generation_;
}

void TcpRelay::restore() {
    down_ = false;
}

void TcpRelay::acceptLoop() {
    while (!stopping_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept(listenFd_, nullptr, nullptr);
        if (client < 0) continue;
        if (down_) {
            resetAndClose(client);
            continue;
        }
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in t{};
        t.sin_family = AF_INET;
        t.sin_port = htons(targetPort_);
        ::inet_pton(AF_INET, targetHost_.toLatin1().constData(), &t.sin_addr);
        if (::connect(server, reinterpret_cast<sockaddr *>(&t), sizeof t) != 0) {
            ::close(server);
            resetAndClose(client);
            continue;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        pumps_.emplace_back([this, client, server] { pump(client, server); });
    }
}

void TcpRelay::pump(int client, int server) {
    const int generation = generation_;
    char buffer[16384];
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    while (!stopping_ && generation_ == generation) {
        if (::poll(fds, 2, 100) <= 0) continue;
        bool closed = false;
        for (int i = 0; i < 2 && !closed; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                closed = true;
                break;
            }
            const int to = fds[1 - i].fd;
            for (ssize_t off = 0; off < n;) {
                const ssize_t w = ::write(to, buffer + off, size_t(n - off));
                if (w <= 0) {
                    closed = true;
                    break;
                }
                off += w;
            }
        }
        if (closed) break;
    }
    resetAndClose(client);
    resetAndClose(server);
}

}  // namespace gatehouse
