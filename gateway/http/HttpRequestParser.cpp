#include "HttpRequestParser.h"

#include "json/ByteAppend.h"

#include <http_parser.h>

#include <QUrl>
#include <climits>

namespace gatehouse {

namespace {

HttpRequestParser *self(http_parser *p) {
    return static_cast<HttpRequestParser *>(p->data);
}

}  // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits &limits)
    : limits_(limits), parser_(std::make_unique<http_parser>()) {
    http_parser_init(parser_.get(), HTTP_REQUEST);
    parser_->data = this;
}

HttpRequestParser::~HttpRequestParser() = default;

bool HttpRequestParser::feed(const char *data, qint64 size) {
    if (failed()) return false;
    if (size == 0) return true;
    const size_t parsed = http_parser_execute(parser_.get(), &settings(), data, size_t(size));
    if (failed()) return false;
    const auto err = HTTP_PARSER_ERRNO(parser_.get());
    if (err != HPE_OK || parsed != size_t(size)) {
        if (err == HPE_HEADER_OVERFLOW) {
            fail(431, QStringLiteral("Request header fields too large"));
        } else if (err == HPE_INVALID_VERSION) {
            fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported"));
        } else {
            fail(400, QStringLiteral("Malformed HTTP request: %1")
                          .arg(QString::fromLatin1(http_errno_description(err))));
        }
        return false;
    }
    return true;
}

HttpRequest HttpRequestParser::takeRequest() {
    HttpRequest r = std::move(complete_.front());
    complete_.pop_front();
    return r;
}

int HttpRequestParser::fail(int status, const QString &message) {
    if (errorStatus_ == 0) {
        errorStatus_ = status;
        errorMessage_ = message;
    }
    return -1;  // makes http_parser stop
}

bool HttpRequestParser::countHeaderBytes(size_t len) {
    headerBytes_ += qint64(len);
    return headerBytes_ <= limits_.maxHeaderBytes;
}

int HttpRequestParser::onMessageBegin(http_parser *p) {
    auto *s = self(p);
    s->current_ = HttpRequest{};
    s->field_.clear();
    s->value_.clear();
    s->lastWasValue_ = false;
    s->headerBytes_ = 0;
    s->inMessage_ = true;
    return 0;
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    if (!s->countHeaderBytes(len)) return s->fail(414, QStringLiteral("Request target too long"));
    appendBytes(s->current_.target, at, qsizetype(len));
    return 0;
}

int HttpRequestParser::onHeaderField(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    if (!s->countHeaderBytes(len))
        return s->fail(431, QStringLiteral("Request header fields too large (limit %1 bytes)")
                                .arg(s->limits_.maxHeaderBytes));
    if (s->lastWasValue_) {
        if (s->current_.headers.size() >= s->limits_.maxHeaderCount)
            return s->fail(
                431,
                QStringLiteral("Too many header fields (limit %1)").arg(s->limits_.maxHeaderCount));
        s->current_.headers.add(s->field_, s->value_.trimmed());
        s->field_.clear();
        s->value_.clear();
        s->lastWasValue_ = false;
    }
    appendBytes(s->field_, at, qsizetype(len));
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    if (!s->countHeaderBytes(len))
        return s->fail(431, QStringLiteral("Request header fields too large (limit %1 bytes)")
                                .arg(s->limits_.maxHeaderBytes));
    appendBytes(s->value_, at, qsizetype(len));
    s->lastWasValue_ = true;
    return 0;
}

int HttpRequestParser::onHeadersComplete(http_parser *p) {
    auto *s = self(p);
    auto &r = s->current_;
    if (!s->field_.isEmpty()) {
        if (r.headers.size() >= s->limits_.maxHeaderCount)
            return s->fail(
                431,
                QStringLiteral("Too many header fields (limit %1)").arg(s->limits_.maxHeaderCount));
        r.headers.add(s->field_, s->value_.trimmed());
    }
    if (p->http_major != 1)
        return s->fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported"));
    // We never switch protocols, so an "Upgrade: h2c" offer (curl --http2) is
    // only informational; left set, http_parser would stop after this request
    // and the rest of the stream would be reported as malformed.
    if (p->method != HTTP_CONNECT) p->upgrade = 0;
    r.method = http_method_str(http_method(p->method));
    r.httpMinor = p->http_minor;
    const qsizetype q = r.target.indexOf('?');
    const QByteArray rawPath = q < 0 ? r.target : r.target.left(q);
    r.query = q < 0 ? QByteArray() : r.target.mid(q + 1);
    r.path = QByteArray::fromPercentEncoding(rawPath);
    // Content-Length is known up front: refuse before buffering a byte of it.
    if (p->content_length != ULLONG_MAX && qint64(p->content_length) > s->limits_.maxBodyBytes)
        return s->fail(413, QStringLiteral("Request body of %1 bytes is over the limit of %2 bytes")
                                .arg(qulonglong(p->content_length))
                                .arg(s->limits_.maxBodyBytes));
    if (p->content_length != ULLONG_MAX) r.body.reserve(qsizetype(p->content_length));
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    if (s->current_.body.size() + qint64(len) > s->limits_.maxBodyBytes)
        return s->fail(413, QStringLiteral("Request body is over the limit of %1 bytes")
                                .arg(s->limits_.maxBodyBytes));
    appendBytes(s->current_.body, at, qsizetype(len));
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser *p) {
    auto *s = self(p);
    s->current_.keepAlive = http_should_keep_alive(p) != 0;
    s->complete_.push_back(std::move(s->current_));
    s->current_ = HttpRequest{};
    s->inMessage_ = false;
    return 0;
}

const http_parser_settings &HttpRequestParser::settings() {
    static const http_parser_settings s = [] {
        http_parser_settings st{};
        st.on_message_begin = &HttpRequestParser::onMessageBegin;
        st.on_url = &HttpRequestParser::onUrl;
        st.on_header_field = &HttpRequestParser::onHeaderField;
        st.on_header_value = &HttpRequestParser::onHeaderValue;
        st.on_headers_complete = &HttpRequestParser::onHeadersComplete;
        st.on_body = &HttpRequestParser::onBody;
        st.on_message_complete = &HttpRequestParser::onMessageComplete;
        return st;
    }();
    return s;
}

}  // namespace gatehouse
