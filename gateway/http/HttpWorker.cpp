#include "HttpWorker.h"

#include "net/EpollEventDispatcher.h"

#include <QSocketNotifier>
#include <QTcpServer>

#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

namespace gatehouse {

// A QTcpServer that hands each accepted descriptor straight to the worker,
// skipping QTcpServer's pending-connection queue.
class AcceptingServer : public QTcpServer {
public:
    explicit AcceptingServer(std::function<void(qintptr)> onAccept)
        : onAccept_(std::move(onAccept)) {}

protected:
    void incomingConnection(qintptr descriptor) override { onAccept_(descriptor); }

private:
    std::function<void(qintptr)> onAccept_;
};

HttpWorker::HttpWorker(int index, int listenFd, int unixListenFd, bool identifyPeers,
                       const HttpLimits &limits, std::function<HttpHandler(int)> handlerFactory,
                       HttpErrorBody errorBody, std::atomic<int> *active)
    : index_(index),
      listenFd_(listenFd),
      unixListenFd_(unixListenFd),
      identifyPeers_(identifyPeers),
      limits_(limits),
      handlerFactory_(std::move(handlerFactory)),
      errorBody_(std::move(errorBody)),
      active_(active) {
    thread_.setObjectName(QStringLiteral("http-worker-%1").arg(index));
}

HttpWorker::~HttpWorker() {
    stop();
}

bool HttpWorker::start(QString *error) {
    control_ = new QObject;
    control_->moveToThread(&thread_);
    connectionsParent_ = new QObject;
    connectionsParent_->moveToThread(&thread_);
    thread_.setEventDispatcher(new EpollEventDispatcher);  // owned and ended by the thread
    thread_.start();
    QMetaObject::invokeMethod(
        control_, [this] { setUpInThread(); }, Qt::BlockingQueuedConnection);
    if (!setUpError_.isEmpty()) {
        if (error) *error = setUpError_;
        return false;
    }
    return true;
}

void HttpWorker::setUpInThread() {
    handler_ = handlerFactory_(index_);
    if (identifyPeers_) identities_.prepare();
    server_ = new AcceptingServer([this](qintptr fd) { acceptConnection(fd); });
    server_->setParent(connectionsParent_);
    // Each worker polls its own duplicate of the one listening socket; the
    // first free worker to accept() gets the connection.
    const int fd = ::dup(listenFd_);
    if (fd < 0 || !server_->setSocketDescriptor(fd)) {
        setUpError_ = QStringLiteral("worker %1 could not use the listening socket: %2")
                          .arg(index_)
                          .arg(server_->errorString());
        if (fd >= 0) ::close(fd);
        return;
    }
    if (unixListenFd_ < 0) return;
    unixFd_ = ::dup(unixListenFd_);
    if (unixFd_ < 0) {
        setUpError_ = QStringLiteral("worker %1 could not use the Unix socket").arg(index_);
        return;
    }
    unixNotifier_ = new QSocketNotifier(unixFd_, QSocketNotifier::Read, connectionsParent_);
    // The notifier as the context, so the call stays on this thread (the
    // worker object itself lives on the thread that made it).
    connect(unixNotifier_, &QSocketNotifier::activated, unixNotifier_,
            [this] { acceptUnixConnections(); });
}

void HttpWorker::acceptConnection(qintptr descriptor) {
    // Once per connection, before its first byte is read: every request on
    // it carries the answer, and a new connection is asked about anew.
    const PeerIdentity peer =
        identifyPeers_ ? identities_.identify(int(descriptor)) : PeerIdentity();
    new HttpConnection(int(descriptor), peer, limits_, handler_, errorBody_, active_,
                       connectionsParent_);
}

// Every worker is woken; the first to accept() gets the connection, the
// others find nothing (EAGAIN).
void HttpWorker::acceptUnixConnections() {
    for (;;) {
        const int fd = ::accept4(unixFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            return;  // EAGAIN, or out of descriptors: the notifier tries again
        }
        acceptConnection(fd);
    }
}

void HttpWorker::closeUnixListener() {
    delete unixNotifier_;
    unixNotifier_ = nullptr;
    if (unixFd_ >= 0) ::close(unixFd_);
    unixFd_ = -1;
}

void HttpWorker::stopAccepting() {
    if (!thread_.isRunning()) return;
    QMetaObject::invokeMethod(
        control_,
        [this] {
            if (server_) server_->close();
            closeUnixListener();
            if (!connectionsParent_) return;
            for (auto *c : connectionsParent_->findChildren<HttpConnection *>(
                     QString(), Qt::FindDirectChildrenOnly))
                c->closeWhenIdle();
        },
        Qt::BlockingQueuedConnection);
}

void HttpWorker::stop() {
    if (!thread_.isRunning()) return;
    QMetaObject::invokeMethod(
        control_,
        [this] {
            // Connections (and the handler's objects) die on their own thread.
            closeUnixListener();
            delete connectionsParent_;
            connectionsParent_ = nullptr;
            server_ = nullptr;
            handler_ = nullptr;
            thread_.quit();
        },
        Qt::BlockingQueuedConnection);
    thread_.wait();
    delete control_;
    control_ = nullptr;
}

}  // namespace gatehouse
