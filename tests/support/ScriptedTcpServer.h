#pragma once

#include <QByteArray>
#include <QList>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gatehouse {

// One accepted connection of a ScriptedTcpServer, with blocking helpers that
// all give up after a deadline or when the server stops.
class ScriptedConnection {
public:
    ScriptedConnection(int fd, int index, const std::atomic<bool> *stopping)
        : fd_(fd), index_(index), stopping_(stopping) {}

    int fd() const { return fd_; }
    int index() const { return index_; }  // 0 for the first connection accepted
    // Reads one request (head plus Content-Length body); empty on close/timeout.
    QByteArray readRequest(int timeoutMs = 5000);
    bool write(const QByteArray &bytes);
    // Waits until the client closes or the server stops.
    void holdUntilClosed(int timeoutMs = 30000);
    // Closes with a TCP reset instead of a clean end.
    void resetConnection();

private:
    int fd_;
    int index_;
    const std::atomic<bool> *stopping_;
    QByteArray buffer_;
};

// A raw TCP server for upstream behaviour an HttpServer will not produce
// (close-delimited bodies, closing a keep-alive connection at a chosen moment,
// resets). Each accepted connection runs `script` on a thread of its own; the
// socket is closed when the script returns.
class ScriptedTcpServer {
public:
    using Script = std::function<void(ScriptedConnection &connection)>;
    explicit ScriptedTcpServer(Script script);
    ~ScriptedTcpServer();
    ScriptedTcpServer(const ScriptedTcpServer &) = delete;
    ScriptedTcpServer &operator=(const ScriptedTcpServer &) = delete;

    bool start();  // 127.0.0.1, free port
    void stop();   // joins every thread
    quint16 port() const { return port_; }
    int acceptedCount() const { return accepted_.load(); }

private:
    void acceptLoop();

    Script script_;
    int listenFd_ = -1;
    quint16 port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread acceptThread_;
    std::mutex mutex_;
    std::vector<std::thread> connectionThreads_;
};

}  // namespace gatehouse
