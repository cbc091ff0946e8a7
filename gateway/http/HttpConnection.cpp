#include "HttpConnection.h"

#include "HttpExchange.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace gatehouse {

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, HttpHandler handler,
                               HttpErrorBody errorBody, std::atomic<int> *active, QObject *parent)
    : QObject(parent),
      socket_(socket),
      limits_(limits),
      parser_(limits),
      handler_(std::move(handler)),
      errorBody_(std::move(errorBody)),
      active_(active) {
    socket_->setParent(this);
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded: while we stop reading (too many pipelined answers pending),
    // Qt stops reading too, and TCP flow control pushes back on the client.
    socket_->setReadBufferSize(1024 * 1024);
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket_, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket_, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    updateTimer();
    if (socket_->bytesAvailable() > 0) onReadyRead();
}

HttpConnection::~HttpConnection() {
    detachAll();
}

// Handlers still holding an exchange learn the client is gone.
void HttpConnection::detachAll() {
    auto pending = std::move(exchanges_);
    exchanges_.clear();
    active_->fetch_sub(int(pending.size()), std::memory_order_relaxed);
    for (auto &ex : pending) ex->detachFromConnection();
}

qint64 HttpConnection::bytesToWrite() const {
    return socket_->bytesToWrite();
}

void HttpConnection::onReadyRead() {
    if (closing_) {
        socket_->readAll();  // discard: nothing after a fatal error or a close is answered
        return;
    }
    // Stop reading while too many answers are outstanding; the kernel's
    // receive window then pushes back on a client that pipelines without limit.
    if (int(exchanges_.size()) >= limits_.maxPipelinedRequests) return;
    // Through a buffer on the stack: readAll() would allocate one per read,
    // and the parser copies what it keeps anyway.
    char chunk[16384];
    qint64 n = 0;
    while ((n = socket_->read(chunk, sizeof chunk)) > 0) {
        if (!parser_.feed(chunk, n)) {
            dispatchParsedRequests();
            answerProtocolError(parser_.errorStatus(), parser_.errorMessage());
            return;
        }
    }
    dispatchParsedRequests();
    updateTimer();
}

void HttpConnection::dispatchParsedRequests() {
    while (parser_.hasRequest() && !closing_) {
        HttpRequest request = parser_.takeRequest();
        request.peerAddress = socket_->peerAddress();
        request.peerPort = socket_->peerPort();
        const bool keepAlive = request.keepAlive;
        auto exchange = std::make_shared<HttpExchange>(this, std::move(request));
        exchanges_.push_back(exchange);
        if (!keepAlive) closing_ = true;
        active_->fetch_add(1, std::memory_order_relaxed);
        handler_(exchange);
        if (gone_) return;
    }
}

void HttpConnection::answerProtocolError(int status, const QString &message) {
    HttpRequest request;
    request.keepAlive = false;
    auto exchange = std::make_shared<HttpExchange>(this, std::move(request));
    exchanges_.push_back(exchange);
    closing_ = true;
    active_->fetch_add(1, std::memory_order_relaxed);
    exchange->respond(status, errorBody_(status, message));
}

void HttpConnection::exchangeHasOutput(HttpExchange *) {
    flush();
}

void HttpConnection::flush() {
    if (flushing_ || gone_) return;
    flushing_ = true;
    bool wrote = false;
    while (!exchanges_.empty()) {
        auto &head = exchanges_.front();
        if (!head->pending_.isEmpty()) {
            socket_->write(head->pending_);
            head->pending_.clear();
            wrote = true;
        }
        if (!head->isFinished()) break;
        auto done = std::move(exchanges_.front());
        exchanges_.pop_front();
        done->connection_ = nullptr;
        active_->fetch_sub(1, std::memory_order_relaxed);
        if (done->closeAfter_) {
            closing_ = true;
            detachAll();  // answers after a close are never sent
            if (done->resetOnClose_) resetConnection();
            break;
        }
    }
    flushing_ = false;
    // Hand the bytes to the kernel now rather than on the next event-loop
    // pass: one poll cycle less per answer (measured: lower latency at c=1).
    if (wrote) socket_->flush();
    if (closing_ && exchanges_.empty()) {
        finishClose();  // the socket sends what is queued before it closes
        return;
    }
    updateTimer();
    // Requests that waited for pipeline room can now be read.
    if (exchanges_.empty() || int(exchanges_.size()) < limits_.maxPipelinedRequests) {
        if (socket_->bytesAvailable() > 0)
            QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
    }
}

void HttpConnection::closeWhenIdle() {
    closing_ = true;
    shuttingDown_ = true;
    if (exchanges_.empty()) finishClose();
}

void HttpConnection::updateTimer() {
    if (closing_) {
        timer_.stop();
        return;
    }
    if (parser_.inRequest()) {
        if (!timer_.isActive() || timer_.interval() != limits_.headerTimeoutMs)
            timer_.start(limits_.headerTimeoutMs);
    } else if (exchanges_.empty()) {
        timer_.start(limits_.idleTimeoutMs);
    } else {
        timer_.stop();  // the handler is working; the client waits for us
    }
}

void HttpConnection::onTimeout() {
    if (parser_.inRequest()) {
        answerProtocolError(408, QStringLiteral("Request not received completely within %1 ms")
                                     .arg(limits_.headerTimeoutMs));
    } else if (exchanges_.empty()) {
        closing_ = true;
        finishClose();
    }
}

// Sends what is queued, then closes with a TCP reset rather than a clean end.
void HttpConnection::resetConnection() {
    socket_->flush();
    const linger noLinger{1, 0};  // close() then sends RST
    ::setsockopt(int(socket_->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger,
                 sizeof(noLinger));
    socket_->abort();
    onDisconnected();
}

void HttpConnection::finishClose() {
    if (gone_) return;
    socket_->disconnectFromHost();
    if (socket_->state() == QAbstractSocket::UnconnectedState) onDisconnected();
}

void HttpConnection::onDisconnected() {
    if (gone_) return;
    gone_ = true;
    timer_.stop();
    detachAll();
    deleteLater();
}

}  // namespace gatehouse
