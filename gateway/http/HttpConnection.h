#pragma once

#include "HttpRequestParser.h"
#include "net/ByteStream.h"
#include "net/DeadlineTimer.h"

#include <QObject>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace gatehouse {

class HttpExchange;
class TcpStream;

using HttpHandler = std::function<void(const std::shared_ptr<HttpExchange> &)>;
// Builds the body of an error the connection itself answers (bad request,
// too large, timeout), so it has the same JSON shape as the handler's errors.
using HttpErrorBody = std::function<QByteArray(int status, const QString &message)>;

// One client connection on a worker thread. Parses requests as they arrive,
// hands each to the handler, and writes answers strictly in request order, so
// pipelined requests are answered in order even when a later one finishes
// first. Enforces the limits and timeouts in HttpLimits. Deletes itself when
// the socket closes.
class HttpConnection : public QObject, private ByteStreamEvents {
    Q_OBJECT
public:
    // `active` counts exchanges in progress across the server (for draining
    // on shutdown); it must outlive the connection.
    // Takes over the accepted socket `descriptor`; `peer` is who is at its
    // other end, given to every request it carries.
    HttpConnection(int descriptor, PeerIdentity peer, const HttpLimits &limits, HttpHandler handler,
                   HttpErrorBody errorBody, std::atomic<int> *active, QObject *parent = nullptr);
    ~HttpConnection() override;

    // True when the server is shutting down: every answer closes its connection.
    bool isShuttingDown() const { return shuttingDown_; }
    qint64 bytesToWrite() const;
    // Stops taking new requests; closes once the ones in progress are answered.
    void closeWhenIdle();

    // Called by HttpExchange when it has bytes to send.
    void exchangeHasOutput(HttpExchange *exchange);

private:
    void streamReadable() override;
    void streamEnded(const StreamEnd &end) override;
    void onDisconnected();
    void onTimeout();
    void dispatchParsedRequests();
    void flush();
    void answerProtocolError(int status, const QString &message);
    void updateTimer();
    void finishClose();
    void resetConnection();
    void detachAll();

    TcpStream *stream_;
    const PeerIdentity peer_;
    HttpLimits limits_;
    HttpRequestParser parser_;
    HttpHandler handler_;
    HttpErrorBody errorBody_;
    std::atomic<int> *active_;
    std::deque<std::shared_ptr<HttpExchange>> exchanges_;  // oldest first
    DeadlineTimer timer_;
    bool closing_ = false;  // no further requests will be read
    bool shuttingDown_ = false;
    bool gone_ = false;
    bool flushing_ = false;
    // Closing, the last bytes waiting for the client to read them.
    bool waitingToClose_ = false;
    qint64 pendingAtLastCheck_ = 0;
    bool readPaused_ = false;  // too many answers pending; the kernel holds the rest
};

}  // namespace gatehouse
