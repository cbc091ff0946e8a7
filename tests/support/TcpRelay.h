#pragma once

#include <QString>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace gatehouse {

// A TCP relay on 127.0.0.1 to another port, that a test can cut and restore:
// cut() resets every relayed connection and from then on closes new ones at
// once (what a client sees when a database server stops); restore() relays
// again (the server is back). For store faults without stopping a server
// other tests share.
class TcpRelay {
public:
    TcpRelay(QString targetHost, quint16 targetPort);
    ~TcpRelay();
    TcpRelay(const TcpRelay &) = delete;
    TcpRelay &operator=(const TcpRelay &) = delete;

    bool start();
    quint16 port() const { return port_; }
    void cut();
    void restore();

private:
    void acceptLoop();
    void pump(int client, int server);

    QString targetHost_;
    quint16 targetPort_;
    quint16 port_ = 0;
    int listenFd_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> down_{false};
    std::atomic<int> generation_{0};  // bumped by cut(): pumps of older generations end
    std::thread acceptor_;
    std::mutex mutex_;
    std::vector<std::thread> pumps_;
};

}  // namespace gatehouse
