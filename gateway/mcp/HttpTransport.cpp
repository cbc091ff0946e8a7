#include "HttpTransport.h"

#include <QNetworkReply>
#include <QTimer>

namespace gatehouse {

namespace {

bool isEventStream(QNetworkReply *reply) {
    return reply->header(QNetworkRequest::ContentTypeHeader)
        .toString()
        .startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive);
}

QString describe(QNetworkReply *reply) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) return reply->errorString();
    QString body = QString::fromUtf8(reply->readAll().left(300)).simplified();
    return QStringLiteral("HTTP %1 from %2%3")
        .arg(status)
        .arg(reply->url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery))
        .arg(body.isEmpty() ? QString() : QStringLiteral(": ") + body);
}

}  // namespace

HttpTransport::HttpTransport(const McpClientConfig &config, QObject *parent)
    : McpTransport(parent), config_(config), nam_(new QNetworkAccessManager(this)) {
    QString url = config.connectionString.trimmed();
    if (url.startsWith(QLatin1String("env.")))
        url = qEnvironmentVariable(url.mid(4).toLocal8Bit().constData());
    url_ = QUrl(url);
    headers_ = config.requestHeaders();
}

HttpTransport::~HttpTransport() {
    close();
}

QNetworkRequest HttpTransport::request(const QUrl &url, const QByteArray &accept) const {
    QNetworkRequest r(url);
    for (const auto &[name, value] : headers_) r.setRawHeader(name, value);
    r.setRawHeader("Accept", accept);
    if (!sessionId_.isEmpty()) r.setRawHeader("Mcp-Session-Id", sessionId_);
    if (!protocolVersion_.isEmpty())
        r.setRawHeader("MCP-Protocol-Version", protocolVersion_.toLatin1());
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                   QNetworkRequest::NoLessSafeRedirectPolicy);
    return r;
}

void HttpTransport::open() {
    if (!url_.isValid() ||
        !(url_.scheme() == QLatin1String("http") || url_.scheme() == QLatin1String("https"))) {
        QTimer::singleShot(0, this, [this] {
            fail(QStringLiteral("\"%1\" is not an http:// or https:// URL")
                     .arg(config_.connectionString));
        });
        return;
    }
    if (config_.connection == McpClientConfig::Connection::Http) {
        QTimer::singleShot(0, this, [this] {
            if (!closed_) emit opened();
        });
        return;
    }
    // sse: the stream first; opened() when it names where to post.
    stream_ = nam_->get(request(url_, "text/event-stream"));
    watch(stream_, true);
}

void HttpTransport::listen() {
    if (config_.connection != McpClientConfig::Connection::Http || stream_) return;
    stream_ = nam_->get(request(url_, "text/event-stream"));
    watch(stream_, true);
}

void HttpTransport::send(const QByteArray &message) {
    if (closed_) return;
    const QUrl target = config_.connection == McpClientConfig::Connection::Sse ? postUrl_ : url_;
    QNetworkRequest r = request(target, "application/json, text/event-stream");
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    watch(nam_->post(r, message), false);
}

void HttpTransport::watch(QNetworkReply *reply, bool isStream) {
    parsers_.insert(reply, SseParser());
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, isStream] {
        onFinished(reply);
        if (isStream && reply == stream_ && !closed_ &&
            config_.connection == McpClientConfig::Connection::Sse)
            fail(QStringLiteral("the server ended its event stream (%1)").arg(describe(reply)));
    });
}

void HttpTransport::onReadyRead(QNetworkReply *reply) {
    if (closed_) return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300 || !isEventStream(reply)) return;  // read when finished
    const QByteArray session = reply->rawHeader("Mcp-Session-Id");
    if (!session.isEmpty()) sessionId_ = session;
    auto it = parsers_.find(reply);
    if (it == parsers_.end()) return;
    for (const SseEvent &e : it->feed(reply->readAll())) {
        if (e.event == "endpoint") {
            postUrl_ = url_.resolved(QUrl(QString::fromUtf8(e.data.trimmed())));
            emit opened();
        } else if (e.event.isEmpty() || e.event == "message") {
            emit received(e.data);
        }
        if (closed_) return;
    }
}

void HttpTransport::onFinished(QNetworkReply *reply) {
    reply->deleteLater();
    const bool wasStream = isEventStream(reply);
    if (!closed_) onReadyRead(reply);
    parsers_.remove(reply);
    if (closed_) return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray session = reply->rawHeader("Mcp-Session-Id");
    if (!session.isEmpty()) sessionId_ = session;
    if (reply == stream_) {
        // A server without a GET stream answers 405: it has nothing to say
        // on its own, which is fine.
        stream_ = nullptr;
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        fail(describe(reply));
        return;
    }
    if (wasStream || status == 202) return;
    const QByteArray body = reply->readAll();
    if (!body.trimmed().isEmpty()) emit received(body);
}

void HttpTransport::fail(const QString &why) {
    if (closed_) return;
    close();
    emit failed(why);
}

void HttpTransport::close() {
    if (closed_) return;
    closed_ = true;
    for (auto it = parsers_.keyBegin(); it != parsers_.keyEnd(); ++it) {
        (*it)->disconnect(this);
        (*it)->abort();
        (*it)->deleteLater();
    }
    parsers_.clear();
    if (config_.connection == McpClientConfig::Connection::Http && !sessionId_.isEmpty()) {
        // Tell the server the session is over (it may keep state for it).
        QNetworkReply *bye = nam_->sendCustomRequest(request(url_, "application/json"), "DELETE");
        connect(bye, &QNetworkReply::finished, bye, &QObject::deleteLater);
    }
}

}  // namespace gatehouse
