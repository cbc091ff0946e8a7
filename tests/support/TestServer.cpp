#include "TestServer.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

TestServer::TestServer(TestHandler handler, const HttpLimits &limits, int workers) {
    HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.workers = workers;
    options.limits = limits;
    server_ = std::make_unique<HttpServer>(
        options,
        [handler](int) -> HttpHandler {
            // Made on the worker thread, so timers parented to it fire there.
            auto context = std::make_shared<QObject>();
            return [handler, context](const std::shared_ptr<HttpExchange> &exchange) {
                handler(exchange, context.get());
            };
        },
        [](int status, const QString &message) {
            const QJsonObject error{{"status", status}, {"message", message}};
            return QJsonDocument(QJsonObject{{"error", error}}).toJson(QJsonDocument::Compact);
        });
}

TestServer::~TestServer() {
    server_->stop();
}

bool TestServer::start(QString *error) {
    return server_->start(error);
}

}  // namespace gatehouse
