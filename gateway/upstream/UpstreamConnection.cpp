#include "UpstreamConnection.h"

#include "UpstreamClient.h"
#include "http/HttpStatus.h"

#include <http_parser.h>

#include <QSslSocket>
#include <QTcpSocket>
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
      parser_(std::make_unique<http_parser>()) {
    port_ = quint16(url.port(tls_ ? 443 : 80));
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &UpstreamConnection::onTimeout);
    if (tls_) {
        auto *ssl = new QSslSocket(this);
        connect(ssl, &QSslSocket::encrypted, this, &UpstreamConnection::onConnected);
        socket_ = ssl;
    } else {
        socket_ = new QTcpSocket(this);
        connect(socket_, &QTcpSocket::connected, this, &UpstreamConnection::onConnected);
    }
    connect(socket_, &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(socket_, &QTcpSocket::errorOccurred, this, &UpstreamConnection::onSocketError);
    connect(socket_, &QTcpSocket::disconnected, this, &UpstreamConnection::onSocketError);
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
    http_parser_init(parser_.get(), HTTP_RESPONSE);
    parser_->data = this;
    armTimer();
    if (connected_) {
        writeRequest();
        return;
    }
    if (socket_->state() == QAbstractSocket::UnconnectedState) {
        if (tls_)
            static_cast<QSslSocket *>(socket_)->connectToHostEncrypted(host_, port_);
        else
            socket_->connectToHost(host_, port_);
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

void UpstreamConnection::onConnected() {
    connected_ = true;
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (call_) writeRequest();
}

void UpstreamConnection::writeRequest() {
    const auto &r = call_->request;
    // A keep-alive connection mostly carries requests to one URL: keep the
    // request line and Host header instead of re-encoding the URL each time.
    if (r.url != prefixUrl_ || r.method != prefixMethod_) {
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
    out += prefix_;
    for (const auto &f : r.headers.fields()) {
        out += f.first;
        out += ": ";
        out += f.second;
        out += "\r\n";
    }
    if (!r.body.isEmpty() || r.method == "POST" || r.method == "PUT") {
        out += "Content-Length: ";
        appendDecimal(out, r.body.size());
        out += "\r\n";
    }
    out += "\r\n";
    out += r.body;
    socket_->write(out);
    socket_->flush();  // now, not on the next event-loop pass
}

void UpstreamConnection::onReadyRead() {
    // Through a buffer on the stack: readAll() would allocate one per read,
    // and the parser's callbacks copy what they keep anyway.
    char chunk[16384];
    qint64 n = 0;
    while ((n = socket_->read(chunk, sizeof chunk)) > 0)
        if (!onBytes(chunk, size_t(n))) return;
}

// False when the connection is done with these bytes' call (finished,
// failed, cancelled or closed): later bytes are not for it.
bool UpstreamConnection::onBytes(const char *data, size_t size) {
    if (!call_) {
        close();  // bytes on an idle connection: the server is confused, drop it
        return false;
    }
    auto keep = call_;  // callbacks may cancel and release the call
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

void UpstreamConnection::onSocketError() {
    if (closed_) return;
    if (!call_) {
        close();  // an idle keep-alive connection was closed by the server
        return;
    }
    // A response without Content-Length ends when the server closes. Qt
    // reports that close (RemoteHostClosedError) while the socket still says
    // ConnectedState, so the state alone would turn every such body into a Reset.
    const bool closedByPeer = socket_->state() != QAbstractSocket::ConnectedState ||
                              socket_->error() == QAbstractSocket::RemoteHostClosedError;
    if (call_->headSeen && !messageComplete_ && closedByPeer) {
        http_parser_execute(parser_.get(), &settings(), nullptr, 0);
        if (messageComplete_) {
            finishCall();
            return;
        }
    }
    const bool refused = socket_->error() == QAbstractSocket::ConnectionRefusedError ||
                         socket_->error() == QAbstractSocket::HostNotFoundError ||
                         socket_->error() == QAbstractSocket::NetworkError;
    if (!connected_) {
        fail(UpstreamError::Kind::ConnectFailed, QStringLiteral("cannot connect to %1:%2: %3")
                                                     .arg(host_)
                                                     .arg(port_)
                                                     .arg(socket_->errorString()));
    } else {
        Q_UNUSED(refused);
        fail(UpstreamError::Kind::Reset,
             QStringLiteral("connection to %1:%2 closed before the response was complete: %3")
                 .arg(host_)
                 .arg(port_)
                 .arg(socket_->errorString()));
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
    if (call->callbacks.onError) call->callbacks.onError(UpstreamError{kind, message});
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
        if (call->callbacks.onDone) call->callbacks.onDone();
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
    socket_->disconnect(this);
    socket_->abort();
    client_->connectionClosed(this);
    deleteLater();
}

// One response header is complete in field_ and value_: kept if the caller
// reads it. The others are dropped and their buffers reused for the next
// one, so headers nobody reads cost no allocation.
void UpstreamConnection::endHeaderField() {
    const QList<QByteArray> &wanted = call_->request.responseHeaders;
    const bool keep = wanted.isEmpty() ||
                      std::any_of(wanted.cbegin(), wanted.cend(), [&](const QByteArray &name) {
                          return name.compare(field_, Qt::CaseInsensitive) == 0;
                      });
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
    s->field_.append(at, qsizetype(len));
    return 0;
}

int UpstreamConnection::onHeaderValue(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    s->value_.append(at, qsizetype(len));
    s->lastWasValue_ = true;
    return 0;
}

int UpstreamConnection::onHeadersComplete(http_parser *p) {
    auto *s = self(p);
    if (!s->field_.isEmpty()) s->endHeaderField();
    s->keepAlive_ = http_should_keep_alive(p) != 0;
    auto call = s->call_;
    call->headSeen = true;
    if (call->callbacks.onHead) call->callbacks.onHead(int(p->status_code), s->responseHeaders_);
    if (s->closed_ || call->cancelled) http_parser_pause(p, 1);
    return 0;
}

int UpstreamConnection::onBody(http_parser *p, const char *at, size_t len) {
    auto *s = self(p);
    auto call = s->call_;
    if (call->callbacks.onData) call->callbacks.onData(QByteArray(at, qsizetype(len)));
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
