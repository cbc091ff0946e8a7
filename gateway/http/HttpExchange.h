#pragma once

#include "HttpRequest.h"

#include <functional>

namespace gatehouse {

class HttpConnection;

// One request and its answer, handed to the request handler. The handler may
// answer at once or later (after an upstream call); every method is safe to
// call after the client has gone away — output is then dropped. Lives on the
// worker thread of its connection and must only be used there.
class HttpExchange {
public:
    HttpExchange(HttpConnection *connection, HttpRequest request);

    const HttpRequest &request() const { return request_; }
    HttpRequest &request() { return request_; }

    // A complete answer with Content-Length.
    void respond(int status, const QByteArray &body,
                 const QByteArray &contentType = "application/json",
                 const HttpHeaders &extraHeaders = {});

    // A streamed answer: chunked transfer (close-delimited for HTTP/1.0).
    void beginStream(int status, const QByteArray &contentType,
                     const HttpHeaders &extraHeaders = {});
    void sendChunk(const QByteArray &data);
    // The chunk `prefix` + `body` + `suffix`, written with its chunk framing
    // into one buffer: a relayed event is its data between "data: " and a
    // blank line, and gluing the pieces first cost a copy and an allocation.
    void sendChunk(QByteArrayView prefix, QByteArrayView body, QByteArrayView suffix);
    void endStream();
    // Ends a started stream abruptly (closes the connection) so the client
    // sees a truncated response instead of a well-formed end.
    void abortStream();

    // A header every answer of this exchange carries, whoever gives it
    // (CORS headers are decided before the endpoint runs).
    void addAnswerHeader(const QByteArray &name, const QByteArray &value) {
        answerHeaders_.add(name, value);
    }

    bool hasStarted() const { return started_; }
    bool isFinished() const { return finished_; }
    // False once the client has disconnected.
    bool isClientConnected() const { return connection_ != nullptr; }
    // Called once if the client goes away before the answer is finished.
    void setClientGoneHandler(std::function<void()> handler) { clientGone_ = std::move(handler); }
    // Bytes queued on the client socket but not yet sent (for back-pressure).
    qint64 bytesToWrite() const;

private:
    friend class HttpConnection;
    QByteArray statusAndHeaders(int status, const QByteArray &contentType,
                                const HttpHeaders &extraHeaders, qsizetype bodySize = 0) const;
    void queueOutput(const QByteArray &bytes);
    void detachFromConnection();  // the connection is gone

    HttpConnection *connection_;
    HttpRequest request_;
    HttpHeaders answerHeaders_;
    QByteArray pending_;  // output not yet handed to the socket
    bool started_ = false;
    bool finished_ = false;
    bool chunked_ = false;
    bool closeAfter_ = false;
    bool resetOnClose_ = false;  // aborted close-delimited stream: see abortStream()
    std::function<void()> clientGone_;
};

}  // namespace gatehouse
