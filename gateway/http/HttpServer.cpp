#include "HttpServer.h"

#include "HttpWorker.h"

#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace gatehouse {

namespace {

// Opens the listening socket ourselves so every worker can share it. Only
// SO_REUSEADDR: a second Gatehouse on the same port must fail to bind rather
// than silently split the traffic (which SO_REUSEPORT would allow).
int openListeningSocket(const QHostAddress &address, quint16 port, quint16 *boundPort,
                        QString *error) {
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    sockaddr_storage storage{};
    socklen_t len = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        std::memcpy(&a->sin6_addr, &ip, sizeof(ip));
        len = sizeof(sockaddr_in6);
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(address.toIPv4Address());
        len = sizeof(sockaddr_in);
    }
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("cannot create a socket: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    const QString where = QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), len) != 0) {
        const int e = errno;
        *error = e == EADDRINUSE ? QStringLiteral(
                                       "cannot listen on %1: the port is already in use by another "
                                       "program (choose another with --port)")
                                       .arg(where)
                                 : QStringLiteral("cannot listen on %1: %2")
                                       .arg(where, QString::fromLocal8Bit(strerror(e)));
        ::close(fd);
        return -1;
    }
    if (::listen(fd, 4096) != 0) {
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(where, QString::fromLocal8Bit(strerror(errno)));
        ::close(fd);
        return -1;
    }
    getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &len);
    *boundPort = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                          : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    return fd;
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, HttpHandlerFactory handlerFactory,
                       HttpErrorBody errorBody, QObject *parent)
    : QObject(parent),
      options_(std::move(options)),
      handlerFactory_(std::move(handlerFactory)),
      errorBody_(std::move(errorBody)) {}

HttpServer::~HttpServer() {
    stop();
}

bool HttpServer::start(QString *error) {
    QString why;
    listenFd_ = openListeningSocket(options_.address, options_.port, &port_, &why);
    if (listenFd_ < 0) {
        if (error) *error = why;
        return false;
    }
    // Optional: a path another Gatehouse already serves on must not stop
    // this one from serving its port.
    if (!options_.unixSocketPath.isEmpty() && !unixListener_.listen(options_.unixSocketPath, &why))
        unixError_ = why;
    const int count =
        options_.workers > 0 ? options_.workers : qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < count; ++i) {
        auto worker =
            std::make_unique<HttpWorker>(i, listenFd_, unixListener_.fd(), options_.identifyPeers,
                                         options_.limits, handlerFactory_, errorBody_, &active_);
        if (!worker->start(&why)) {
            if (error) *error = why;
            stop();
            return false;
        }
        workers_.push_back(std::move(worker));
    }
    return true;
}

void HttpServer::stopAccepting() {
    for (auto &w : workers_) w->stopAccepting();
    if (listenFd_ >= 0) {
        ::close(listenFd_);
        listenFd_ = -1;
    }
    unixListener_.close();
}

void HttpServer::stop() {
    stopAccepting();
    for (auto &w : workers_) w->stop();
    workers_.clear();
}

}  // namespace gatehouse
