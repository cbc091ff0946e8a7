#include "HttpConnection.h"

#include "HttpExchange.h"
#include "net/TcpStream.h"

namespace gatehouse {

HttpConnection::HttpConnection(int descriptor, PeerIdentity peer, const HttpLimits &limits,
                               HttpHandler handler, HttpErrorBody errorBody,
                               std::atomic<int> *active, QObject *parent)
    : QObject(parent),
      stream_(new TcpStream(this, this)),
      peer_(peer),
      limits_(limits),
      parser_(limits),
      handler_(std::move(handler)),
      errorBody_(std::move(errorBody)),
      active_(active),
      timer_([this] { onTimeout(); }) {
    if (!stream_->adopt(descriptor, nullptr)) {
        gone_ = true;
        deleteLater();
        return;
    }
    updateTimer();
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
    return stream_->bytesToWrite();
}

void HttpConnection::streamReadable() {
    char chunk[16384];  // the parser copies what it keeps
    if (closing_) {
        // Discarded: nothing after a fatal error or a close is answered.
        while (stream_->read(chunk, sizeof chunk) > 0) {
        }
        return;
    }
    // Stop reading while too many answers are outstanding; the kernel's
    // receive window then pushes back on a client that pipelines without limit.
    if (int(exchanges_.size()) >= limits_.maxPipelinedRequests) {
        readPaused_ = true;
        stream_->setReadEnabled(false);
        return;
    }
    qint64 n = 0;
    while ((n = stream_->read(chunk, sizeof chunk)) > 0) {
        if (!parser_.feed(chunk, n)) {
            dispatchParsedRequests();
            answerProtocolError(parser_.errorStatus(), parser_.errorMessage());
            return;
        }
        // A short read emptied the socket; asking again would only cost a
        // system call that says so (the notifier reports any later bytes).
        if (n < qint64(sizeof chunk)) break;
    }
    dispatchParsedRequests();
    updateTimer();
}

void HttpConnection::streamEnded(const StreamEnd &) {
    onDisconnected();
}

void HttpConnection::dispatchParsedRequests() {
    while (parser_.hasRequest() && !closing_) {
        HttpRequest request = parser_.takeRequest();
        request.peerAddress = stream_->peerAddressText();
        request.peerPort = stream_->peerPort();
        request.peer = peer_;
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
    while (!exchanges_.empty()) {
        auto &head = exchanges_.front();
        if (!head->pending_.isEmpty()) {
            stream_->write(head->pending_);
            head->pending_.clear();
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
    if (closing_ && exchanges_.empty()) {
        finishClose();  // the socket sends what is queued before it closes
        return;
    }
    updateTimer();
    // Requests that waited for pipeline room can now be read.
    if (readPaused_ && int(exchanges_.size()) < limits_.maxPipelinedRequests) {
        readPaused_ = false;
        stream_->setReadEnabled(true);
    }
}

void HttpConnection::closeWhenIdle() {
    closing_ = true;
    shuttingDown_ = true;
    if (exchanges_.empty()) finishClose();
}

void HttpConnection::updateTimer() {
    if (closing_) {
        if (!waitingToClose_) timer_.stop();  // else: finishClose's deadline stands
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
    if (waitingToClose_) {
        // A client that reads nothing of its last answer for the idle
        // timeout does not get to hold the connection (and a descriptor)
        // for ever; one that reads slowly gets another period.
        const qint64 pending = stream_->bytesToWrite();
        if (pending > 0 && pending < pendingAtLastCheck_) {
            pendingAtLastCheck_ = pending;
            timer_.start(limits_.idleTimeoutMs);
            return;
        }
        resetConnection();
        return;
    }
    if (parser_.inRequest()) {
        answerProtocolError(408, QStringLiteral("Request not received completely within %1 ms")
                                     .arg(limits_.headerTimeoutMs));
    } else if (exchanges_.empty()) {
        closing_ = true;
        finishClose();
    }
}

// Closes with a TCP reset rather than a clean end; what is queued is dropped.
void HttpConnection::resetConnection() {
    stream_->abort(true);
    onDisconnected();
}

void HttpConnection::finishClose() {
    if (gone_ || waitingToClose_) return;
    if (stream_->closeAfterWriting()) {
        onDisconnected();
        return;
    }
    waitingToClose_ = true;  // the rest goes out as the client reads
    pendingAtLastCheck_ = stream_->bytesToWrite();
    timer_.start(limits_.idleTimeoutMs);
}

void HttpConnection::onDisconnected() {
    if (gone_) return;
    gone_ = true;
    timer_.stop();
    detachAll();
    deleteLater();
}

}  // namespace gatehouse
