#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QString>
#include <deque>
#include <memory>

struct http_parser;
struct http_parser_settings;

namespace gatehouse {

// Limits a client must stay within; past them the connection is answered
// with an error status and closed, before the excess is buffered.
struct HttpLimits {
    qint64 maxHeaderBytes = 64 * 1024;  // request line plus all header fields
    int maxHeaderCount = 256;
    qint64 maxBodyBytes = 100LL * 1024 * 1024;
    int maxPipelinedRequests = 32;  // parsed but not yet answered, per connection
    int headerTimeoutMs = 30'000;   // from a request's first byte to its last
    int idleTimeoutMs = 60'000;     // keep-alive connection with nothing to do
};

// Incremental HTTP/1.x request parser over http_parser. Feed it bytes as they
// arrive; it yields complete requests in order (pipelining included) and stops
// at the first protocol error or limit breach, which it reports as a status.
class HttpRequestParser {
public:
    explicit HttpRequestParser(const HttpLimits &limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Consumes all of `data`. Returns false once the stream is unusable.
    bool feed(const char *data, qint64 size);

    bool hasRequest() const { return !complete_.empty(); }
    HttpRequest takeRequest();
    // True while a request has started arriving but is not complete yet.
    bool inRequest() const { return inMessage_; }

    bool failed() const { return errorStatus_ != 0; }
    int errorStatus() const { return errorStatus_; }  // 400, 413, 431, 505...
    QString errorMessage() const { return errorMessage_; }

private:
    static const http_parser_settings &settings();
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);
    int fail(int status, const QString &message);
    bool countHeaderBytes(size_t len);

    HttpLimits limits_;
    std::unique_ptr<http_parser> parser_;
    HttpRequest current_;
    QByteArray field_;
    QByteArray value_;
    bool lastWasValue_ = false;
    bool inMessage_ = false;
    qint64 headerBytes_ = 0;
    std::deque<HttpRequest> complete_;
    int errorStatus_ = 0;
    QString errorMessage_;
};

}  // namespace gatehouse
