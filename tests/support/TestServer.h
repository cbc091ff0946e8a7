#pragma once

#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QObject>
#include <functional>
#include <memory>

namespace gatehouse {

// A request handler for tests. `context` lives on the worker thread that runs
// the handler: parent timers to it (see runAfter) to answer later.
using TestHandler =
    std::function<void(const std::shared_ptr<HttpExchange> &exchange, QObject *context)>;

// An HttpServer on 127.0.0.1 with a free port, running `handler` on its own
// worker threads. Protocol errors the server answers itself have the body
// {"error":{"status":N,"message":"..."}}.
class TestServer {
public:
    explicit TestServer(TestHandler handler, const HttpLimits &limits = {}, int workers = 1);
    ~TestServer();
    TestServer(const TestServer &) = delete;
    TestServer &operator=(const TestServer &) = delete;

    bool start(QString *error = nullptr);
    quint16 port() const { return server_->port(); }
    HttpServer &server() { return *server_; }

private:
    std::unique_ptr<HttpServer> server_;
};

}  // namespace gatehouse
