#pragma once

#include "HttpConnection.h"
#include "net/UnixListener.h"

#include <QHostAddress>
#include <QObject>
#include <atomic>
#include <memory>
#include <vector>

namespace gatehouse {

class HttpWorker;

struct HttpServerOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080;  // 0 picks a free port
    int workers = 0;      // 0: one per CPU core
    HttpLimits limits;
    // Ask the kernel who is at the other end of each connection, once per
    // connection (HttpRequest::peer); off, every peer is Unknown.
    bool identifyPeers = false;
    // Also serve on this Unix domain socket (UnixListener); empty: none.
    QString unixSocketPath;
};

// Creates the request handler of one worker, on that worker's thread (so the
// handler's QObjects, e.g. its upstream connections, live there too).
using HttpHandlerFactory = std::function<HttpHandler(int workerIndex)>;

// The listening HTTP/1.1 server: one listening socket shared by N worker
// threads, each with its own event loop; a connection lives on the worker
// that accepted it, so a request never crosses threads.
class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(HttpServerOptions options, HttpHandlerFactory handlerFactory,
               HttpErrorBody errorBody, QObject *parent = nullptr);
    ~HttpServer() override;

    // Binds and starts the workers. On failure returns false with a message
    // that names the address and the reason (e.g. the port is taken).
    bool start(QString *error);
    quint16 port() const { return port_; }
    // The Unix socket served on; empty when none was asked for or it could
    // not be made (unixSocketError() says why; the TCP port serves anyway).
    QString unixSocketPath() const { return unixListener_.path(); }
    QString unixSocketError() const { return unixError_; }
    QHostAddress address() const { return options_.address; }
    int workerCount() const { return int(workers_.size()); }
    // Requests received whose answer is not finished yet.
    int activeExchanges() const { return active_.load(std::memory_order_relaxed); }

    // Stops accepting connections and asks idle keep-alive connections to
    // close; requests in progress go on. Returns at once.
    void stopAccepting();
    // Ends every worker thread (closing what is still open) and waits for them.
    void stop();

private:
    HttpServerOptions options_;
    HttpHandlerFactory handlerFactory_;
    HttpErrorBody errorBody_;
    std::vector<std::unique_ptr<HttpWorker>> workers_;
    std::atomic<int> active_{0};
    quint16 port_ = 0;
    int listenFd_ = -1;
    UnixListener unixListener_;
    QString unixError_;
};

}  // namespace gatehouse
