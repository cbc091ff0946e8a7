#pragma once

#include "HttpConnection.h"

#include <QObject>
#include <QThread>
#include <atomic>

namespace gatehouse {

class AcceptingServer;

// One worker thread: accepts on its duplicate of the shared listening socket
// and runs every connection it accepted, with its own request handler.
class HttpWorker : public QObject {
    Q_OBJECT
public:
    HttpWorker(int index, int listenFd, const HttpLimits &limits,
               std::function<HttpHandler(int)> handlerFactory, HttpErrorBody errorBody,
               std::atomic<int> *active);
    ~HttpWorker() override;

    // Starts the thread and waits until it accepts connections.
    bool start(QString *error);
    void stopAccepting();  // thread-safe
    void stop();           // thread-safe; joins the thread

private:
    void setUpInThread();
    void acceptConnection(qintptr descriptor);

    int index_;
    int listenFd_;
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
