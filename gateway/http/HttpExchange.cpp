#include "HttpExchange.h"

#include "HttpConnection.h"
#include "HttpStatus.h"

#include "json/ByteAppend.h"

#include <charconv>

namespace gatehouse {

HttpExchange::HttpExchange(HttpConnection *connection, HttpRequest request)
    : connection_(connection), request_(std::move(request)) {
    closeAfter_ = !request_.keepAlive;
}

QByteArray HttpExchange::statusAndHeaders(int status, const QByteArray &contentType,
                                          const HttpHeaders &extraHeaders,
                                          qsizetype bodySize) const {
    QByteArray head;
    head.reserve(320 + bodySize);  // the body goes in the same buffer
    const auto put = [&head](QByteArrayView bytes) { appendBytes(head, bytes); };
    put("HTTP/1.1 ");
    appendDecimal(head, status);
    put(" ");
    put(httpReasonPhrase(status));
    put("\r\nServer: gatehouse\r\n");
    if (!contentType.isEmpty()) {
        put("Content-Type: ");
        put(contentType);
        put("\r\n");
    }
    for (const HttpHeaders *headers : {&answerHeaders_, &extraHeaders}) {
        for (const auto &f : headers->fields()) {
            put(f.first);
            put(": ");
            put(f.second);
            put("\r\n");
        }
    }
    if (closeAfter_)
        put("Connection: close\r\n");
    else if (request_.httpMinor == 0)
        put("Connection: keep-alive\r\n");
    return head;
}

void HttpExchange::respond(int status, const QByteArray &body, const QByteArray &contentType,
                           const HttpHeaders &extraHeaders) {
    if (started_) return;
    started_ = finished_ = true;
    if (connection_ && connection_->isShuttingDown()) closeAfter_ = true;
    const bool withBody = request_.method != "HEAD";
    QByteArray out =
        statusAndHeaders(status, contentType, extraHeaders, withBody ? body.size() : 0);
    appendBytes(out, "Content-Length: ");
    appendDecimal(out, body.size());  // for HEAD too: the size a GET would get
    appendBytes(out, "\r\n\r\n");
    if (withBody) appendBytes(out, body);
    queueOutput(out);
}

void HttpExchange::beginStream(int status, const QByteArray &contentType,
                               const HttpHeaders &extraHeaders) {
    if (started_) return;
    started_ = true;
    if (connection_ && connection_->isShuttingDown()) closeAfter_ = true;
    // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
    chunked_ = request_.httpMinor >= 1;
    if (!chunked_) closeAfter_ = true;
    QByteArray out = statusAndHeaders(status, contentType, extraHeaders);
    if (chunked_) out += "Transfer-Encoding: chunked\r\n";
    out += "Cache-Control: no-cache\r\n\r\n";
    queueOutput(out);
}

void HttpExchange::sendChunk(const QByteArray &data) {
    if (!started_ || finished_ || data.isEmpty()) return;
    if (!chunked_) {
        queueOutput(data);  // shared, not copied
        return;
    }
    sendChunk({}, data, {});
}

void HttpExchange::sendChunk(QByteArrayView prefix, QByteArrayView body, QByteArrayView suffix) {
    const qsizetype size = prefix.size() + body.size() + suffix.size();
    if (!started_ || finished_ || size == 0) return;
    QByteArray out;
    out.reserve(size + 24);
    if (chunked_) {
        char digits[16];
        const auto end = std::to_chars(digits, digits + sizeof digits, size, 16).ptr;
        appendBytes(out, QByteArrayView(digits, end - digits));
        appendBytes(out, "\r\n");
    }
    appendBytes(out, prefix);
    appendBytes(out, body);
    appendBytes(out, suffix);
    if (chunked_) appendBytes(out, "\r\n");
    queueOutput(out);
}

void HttpExchange::endStream() {
    if (!started_ || finished_) return;
    finished_ = true;
    queueOutput(chunked_ ? QByteArray("0\r\n\r\n") : QByteArray());
}

void HttpExchange::abortStream() {
    if (finished_) return;
    finished_ = true;
    closeAfter_ = true;
    // Without the terminating chunk the client sees the stream was cut short.
    // A close-delimited (HTTP/1.0) body has no such marker: a clean close would
    // read as its proper end, so the connection is reset instead.
    resetOnClose_ = started_ && !chunked_;
    queueOutput(QByteArray());
}

qint64 HttpExchange::bytesToWrite() const {
    return connection_ ? connection_->bytesToWrite() + pending_.size() : 0;
}

void HttpExchange::queueOutput(const QByteArray &bytes) {
    if (!connection_) return;
    pending_ += bytes;
    connection_->exchangeHasOutput(this);
}

void HttpExchange::detachFromConnection() {
    connection_ = nullptr;
    pending_.clear();
    if (!finished_ && clientGone_) {
        auto cb = std::move(clientGone_);
        clientGone_ = nullptr;
        cb();
    }
}

}  // namespace gatehouse
