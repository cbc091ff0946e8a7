#include "UpstreamConnection.h"

#include "ResponseHead.h"
#include "SameUrl.h"
#include "UpstreamClient.h"
#include "http/HttpStatus.h"
#include "net/QtSocketStream.h"
#include "net/TcpStream.h"

#include <http_parser.h>

#include <QSslSocket>
#include <algorithm>

namespace gatehouse {

namespace {
UpstreamConnection *self(http_parser *p) {
    return static_cast<UpstreamConnection *>(p->data);
}
}  // namespace

UpstreamConnection::UpstreamConnection(UpstreamClient *client, const QString &poolKey,
                                       const QUrl &url)
    : QObject(client),
      client_(client),
      poolKey_(poolKey),
      host_(url.host()),
      tls_(url.scheme() == QLatin1String("https")),
      parser_(std::make_unique<http_parser>()),
      timer_([this] { onTimeout(); }) {
    port_ = quint16(url.port(tls_ ? 443 : 80));
    if (tls_)
        stream_ = new QtSocketStream(new QSslSocket, this, this);
    else
        stream_ = new TcpStream(this, this);
}

UpstreamConnection::~UpstreamConnection() = default;

void UpstreamConnection::start(const std::shared_ptr<UpstreamCallState> &call) {
    call_ = call;
    call_->connection = this;
    responseHeaders_ = HttpHeaders{};
    field_.resize(0);  // keeps the buffers of the last response's headers
    value_.resize(0);
    lastWasValue_ = false;
    messageComplete_ = false;
    plainBodyLeft_ = -1;
    parserEngaged_ = false;
    http_parser_init(parser_.get(), HTTP_RESPONSE);
    parser_->data = this;
    armTimer();
    if (connected_) {
        writeRequest();
        return;
    }
    if (!connecting_) {
        connecting_ = true;
        stream_->connectTo(host_, port_);
    }
}

void UpstreamConnection::armTimer() {
    if (!call_) {
        timer_.stop();
        return;
    }
    // Before the head: the request timeout. Streaming after the head: the
    // idle timeout, re-armed by each piece of body.
    const auto &r = call_->request;
    timer_.start(call_->headSeen && r.streaming ? r.idleTimeoutMs : r.timeoutMs);
}

void UpstreamConnection::streamConnected() {
    connected_ = true;
    if (call_) writeRequest();
}

void UpstreamConnection::writeRequest() {
    const auto &r = call_->request;
    // A keep-alive connection mostly carries requests to one URL: keep the
    // request line and Host header instead of re-encoding the URL each time.
    if (!sameUrl(r.url, prefixUrl_) || r.method != prefixMethod_) {
        QByteArray target = r.url.path(QUrl::FullyEncoded).toUtf8();
        if (target.isEmpty()) target = "/";
        if (r.url.hasQuery()) target += '?' + r.url.query(QUrl::FullyEncoded).toUtf8();
        prefix_ = r.method + ' ' + target + " HTTP/1.1\r\nHost: " + host_.toUtf8();
        if (r.url.port() > 0) prefix_ += ':' + QByteArray::number(port_);
        prefix_ += "\r\n";
        prefixUrl_ = r.url;
        prefixMethod_ = r.method;
    }
    QByteArray out;
    out.reserve(prefix_.size() + 256 + r.body.size());
    const auto put = [&out](QByteArrayView bytes) { appendBytes(out, bytes); };
    put(prefix_);
    for (const auto &f : r.headers.fields()) {
        put(f.first);
        put(": ");
        put(f.second);
        put("\r\n");
    }
    if (!r.body.isEmpty() || r.method == "POST" || r.method == "PUT") {
        put("Content-Length: ");
        appendDecimal(out, r.body.size());
        put("\r\n");
    }
    put("\r\n");
    put(r.body);
    stream_->write(out);
}

void UpstreamConnection::streamReadable() {
    char chunk[16384];  // the parser's callbacks copy what they keep
    qint64 n = 0;
    while ((n = stream_->read(chunk, sizeof chunk)) > 0) {
        if (!onBytes(chunk, size_t(n))) return;
        // A short read emptied the socket; asking again would only cost a
        // system call that says so (the stream reports any later bytes).
        if (n < qint64(sizeof chunk)) return;
    }
}

// False when the connection is done with these bytes' call (finished,
// failed, cancelled or closed): later bytes are not for it.
bool UpstreamConnection::onBytes(const char *data, size_t size) {
    if (!call_) {
        close();  // bytes on an idle connection: the server is confused, drop it
        return false;
    }
    auto keep = call_;  // callbacks may cancel and release the call
    if (plainBodyLeft_ < 0 && !parserEngaged_) {
        size_t used = 0;
        if (!startPlainResponse(data, size, &used)) return false;
        data += used;
        size -= used;
    }
    if (plainBodyLeft_ >= 0) return onPlainBody(data, size);
    const size_t parsed = http_parser_execute(parser_.get(), &settings(), data, size);
    if (closed_ || call_ != keep) return false;
    if (keep->cancelled) return false;
    const auto err = HTTP_PARSER_ERRNO(parser_.get());
    if ((err != HPE_OK && err != HPE_PAUSED) || (parsed != size && !messageComplete_)) {
        fail(UpstreamError::Kind::Protocol,
             QStringLiteral("invalid HTTP response from %1:%2 (%3)")
                 .arg(host_)
                 .arg(port_)
                 .arg(QString::fromLatin1(http_errno_description(err))));
        return false;
    }
    if (messageComplete_) {
        finishCall();
        return false;
    }
    if (keep->headSeen && keep->request.streaming) armTimer();
    return true;
}

// The first bytes of a response: a plain head that is all here is read in
// one pass (parseResponseHead); anything else goes to http_parser whole.
// False when the call is done with (cancelled or closed by a callback).
bool UpstreamConnection::startPlainResponse(const char *data, size_t size, size_t *used) {
    ResponseHead head;
    if (call_->request.method == "HEAD" ||
        parseResponseHead(data, qsizetype(size), &head) != ResponseHeadParse::Complete) {
        parserEngaged_ = true;
        return true;
    }
    *used = size_t(head.length);
    keepAlive_ = head.keepAlive;
    for (const auto &field : head.headers)
        if (callerReads(field.first))
            responseHeaders_.add(field.first.toByteArray(), field.second.toByteArray());
    auto call = call_;
    call->headSeen = true;
    plainBodyLeft_ = head.contentLength;
    call->head(head.status, responseHeaders_);
    return !closed_ && !call->cancelled && call_ == call;
}

bool UpstreamConnection::onPlainBody(const char *data, size_t size) {
    auto call = call_;
    const size_t n = std::min(size, size_t(plainBodyLeft_));
    if (n > 0) call->data(QByteArray(data, qsizetype(n)));
    if (closed_ || call->cancelled || call_ != call) return false;
    plainBodyLeft_ -= qint64(n);
    if (plainBodyLeft_ == 0) {
        // Bytes after the body are not for this call, as with http_parser
        // (which stops at the message's end).
        messageComplete_ = true;
        finishCall();
        return false;
    }
    if (call->request.streaming) armTimer();
    return true;
}

void UpstreamConnection::streamEnded(const StreamEnd &end) {
    if (closed_) return;
    if (!call_) {
        close();  // an idle keep-alive connection was closed by the server
        return;
    }
    // A response without Content-Length ends when the server closes.
    if (call_->headSeen && !messageComplete_ && end.kind == StreamEnd::Kind::ClosedByPeer) {
        http_parser_execute(parser_.get(), &settings(), nullptr, 0);
        if (messageComplete_) {
            finishCall();
            return;
        }
    }
    if (!connected_ || end.kind == StreamEnd::Kind::ConnectFailed) {
        fail(UpstreamError::Kind::ConnectFailed,
             QStringLiteral("cannot connect to %1:%2: %3").arg(host_).arg(port_).arg(end.message));
    } else {
        fail(UpstreamError::Kind::Reset,
             QStringLiteral("connection to %1:%2 closed before the response was complete: %3")
                 .arg(host_)
                 .arg(port_)
                 .arg(end.message));
    }
}

void UpstreamConnection::onTimeout() {
    if (!call_) return;
    const bool idle = call_->headSeen && call_->request.streaming;
    fail(UpstreamError::Kind::Timeout,
         idle ? QStringLiteral("%1:%2 sent nothing for %3 ms in the middle of a stream")
                    .arg(host_)
                    .arg(port_)
                    .arg(call_->request.idleTimeoutMs)
              : QStringLiteral("%1:%2 did not answer within %3 ms")
                    .arg(host_)
                    .arg(port_)
                    .arg(call_->request.timeoutMs));
}

void UpstreamConnection::fail(UpstreamError::Kind kind, const QString &message) {
    auto call = std::move(call_);
    call_.reset();
    const bool staleReuse =
        wasUsedBefore() && !call->headSeen && kind != UpstreamError::Kind::Timeout;
    close();
    if (!call || call->finished || call->cancelled) return;
    if (staleReuse && !call->retriedStale) {
        call->retriedStale = true;
        call->connection = nullptr;
        client_->pools_[call->poolKey].waiting.push_front(call);
        QMetaObject::invokeMethod(
            client_, [c = client_, k = call->poolKey] { c->dispatch(k); }, Qt::QueuedConnection);
        return;
    }
    call->finished = true;
    call->error(UpstreamError{kind, message});
}

void UpstreamConnection::finishCall() {
    auto call = std::move(call_);
    call_.reset();
    timer_.stop();
    ++requestsServed_;
    if (!keepAlive_)
        close();
    else
        client_->connectionIdle(this);
    if (call && !call->cancelled && !call->finished) {
        call->finished = true;
        call->done();
    }
}

void UpstreamConnection::abandon() {
    call_.reset();
    close();
}

void UpstreamConnection::close() {
    if (closed_) return;
    closed_ = true;
    timer_.stop();
    stream_->abort();
    client_->connectionClosed(this);
    deleteLater();
}

// True for a response header the caller asked for (all when it named none).
bool UpstreamConnection::callerReads(QByteArrayView name) const {
    const QList<QByteArray> &wanted = call_->request.responseHeaders;
    return wanted.isEmpty() ||
           std::any_of(wanted.cbegin(), wanted.cend(), [name](const QByteArray &w) {
               return QByteArrayView(w).compare(name, Qt::CaseInsensitive) == 0;
           });
}

// One response header is complete in field_ and value_: kept if the caller
// reads it. The others are dropped and their buffers reused for the next
// one, so headers nobody reads cost no allocation.
void UpstreamConnection::endHeaderField() {
    const bool keep = callerReads(field_);
    if (keep) {
        responseHeaders_.add(field_, value_.trimmed());
        field_ = QByteArray();  // now shared with the list: start a new one
        value_ = QByteArray();
    } else {
        field_.resize(0);
        value_.resize(0);
    }
}

int UpstreamConnection::onHeaderField(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    if (s->lastWasValue_) {
        s->endHeaderField();
        s->lastWasValue_ = false;
    }
    appendBytes(s->field_, at, qsizetype(len));
    return 0;
}

int UpstreamConnection::onHeaderValue(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    appendBytes(s->value_, at, qsizetype(len));
    s->lastWasValue_ = true;
    return 0;
}

int UpstreamConnection::onHeadersComplete(http_parser *p) {
    auto *s = self(p);
    if (!s->field_.isEmpty()) s->endHeaderField();
    s->keepAlive_ = http_should_keep_alive(p) != 0;
    auto call = s->call_;
    call->headSeen = true;
    call->head(int(p->status_code), s->responseHeaders_);
    if (s->closed_ || call->cancelled) http_parser_pause(p, 1);
    return 0;
}

int UpstreamConnection::onBody(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    auto call = s->call_;
    call->data(QByteArray(at, qsizetype(len)));
    if (s->closed_ || call->cancelled) http_parser_pause(p, 1);
    return 0;
}

int UpstreamConnection::onMessageComplete(http_parser *p) {
    auto *s = self(p);
    s->messageComplete_ = true;
    http_parser_pause(p, 1);  // one response per request; extra bytes are an error
    return 0;
}

const http_parser_settings &UpstreamConnection::settings() {
    static const http_parser_settings st = [] {
        http_parser_settings x{};
        x.on_header_field = &UpstreamConnection::onHeaderField;
        x.on_header_value = &UpstreamConnection::onHeaderValue;
        x.on_headers_complete = &UpstreamConnection::onHeadersComplete;
        x.on_body = &UpstreamConnection::onBody;
        x.on_message_complete = &UpstreamConnection::onMessageComplete;
        return x;
    }();
    return st;
}

}  // namespace gatehouse
