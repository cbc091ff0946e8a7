#pragma once

#include "HttpConnection.h"
#include "net/PeerIdentity.h"

#include <QObject>
#include <QThread>
#include <atomic>

class QSocketNotifier;

namespace gatehouse {

class AcceptingServer;

// One worker thread: accepts on its duplicate of the shared listening socket
// (and of the Unix socket, if any) and runs every connection it accepted,
// with its own request handler.
class HttpWorker : public QObject {
    Q_OBJECT
public:
    // `unixListenFd` -1: no Unix socket. `identifyPeers`: ask the kernel who
    // is at the other end of each connection it accepts (PeerIdentity).
    HttpWorker(int index, int listenFd, int unixListenFd, bool identifyPeers,
               const HttpLimits &limits, std::function<HttpHandler(int)> handlerFactory,
               HttpErrorBody errorBody, std::atomic<int> *active);
    ~HttpWorker() override;

    // Starts the thread and waits until it accepts connections.
    bool start(QString *error);
    void stopAccepting();  // thread-safe
    void stop();           // thread-safe; joins the thread

private:
    void setUpInThread();
    void acceptConnection(qintptr descriptor);
    void acceptUnixConnections();
    void closeUnixListener();

    int index_;
    int listenFd_;
    int unixListenFd_;
    bool identifyPeers_;
    // This thread's netlink socket, opened on the first lookup.
    PeerIdentityLookup identities_;
    int unixFd_ = -1;                          // this worker's duplicate
    QSocketNotifier *unixNotifier_ = nullptr;  // lives in the worker thread
    HttpLimits limits_;
    std::function<HttpHandler(int)> handlerFactory_;
    HttpErrorBody errorBody_;
    std::atomic<int> *active_;
    HttpHandler handler_;
    AcceptingServer *server_ = nullptr;     // lives in the worker thread
    QObject *control_ = nullptr;            // receives calls from other threads
    QObject *connectionsParent_ = nullptr;  // owns the server and connections
    QThread thread_;
    QString setUpError_;
};

}  // namespace gatehouse
