#include "HttpProvider.h"
#include "NativeStream.h"

#include "config/GatewayConfig.h"
#include "json/JsonValidator.h"
#include "security/SecretMask.h"
#include "upstream/UpstreamClient.h"

#include <QHash>
#include <QJsonDocument>

namespace gatehouse {

QJsonObject responseObject(const QJsonObject &response, const QByteArray &raw) {
    if (!response.isEmpty() || raw.isEmpty()) return response;
    return QJsonDocument::fromJson(raw).object();
}

QUrl joinProviderUrl(const QString &baseUrl, const QString &path) {
    // Parsing a QUrl costs more than the rest of building a request: keep the
    // few distinct results per worker thread. A worker mostly calls one
    // provider, so the last answer is checked first, without building a key.
    struct Last {
        QString baseUrl, path;
        QUrl url;
    };
    thread_local Last last;
    if (!last.url.isEmpty() && path == last.path && baseUrl == last.baseUrl) return last.url;
    thread_local QHash<QString, QUrl> cache;
    const QString key = baseUrl + QLatin1Char('|') + path;
    auto hit = cache.constFind(key);
    if (hit == cache.constEnd()) {
        QString base = baseUrl;
        while (base.endsWith(QLatin1Char('/'))) base.chop(1);
        QString p = path;
        if (base.endsWith(QLatin1String("/v1")) && p.startsWith(QLatin1String("/v1/")))
            p = p.mid(3);
        if (cache.size() > 256) cache.clear();
        hit = cache.insert(key, QUrl(base + p));
    }
    last = Last{baseUrl, path, hit.value()};
    return last.url;
}

void forwardClientHeaders(const ProviderRequest &request,
                          std::initializer_list<QByteArrayView> names, HttpHeaders *out) {
    if (!request.clientHeaders) return;
    for (const auto &field : request.clientHeaders->fields()) {
        for (const QByteArrayView name : names) {
            const bool prefix = name.endsWith('*');
            const QByteArrayView stem = prefix ? name.chopped(1) : name;
            const bool match =
                prefix ? field.first.size() > stem.size() &&
                             QByteArrayView(field.first)
                                     .first(stem.size())
                                     .compare(stem, Qt::CaseInsensitive) == 0
                       : QByteArrayView(field.first).compare(stem, Qt::CaseInsensitive) == 0;
            if (!match) continue;
            out->set(field.first.toLower(), field.second);
            break;
        }
    }
}

namespace {

GatewayError fromUpstreamError(const UpstreamError &e) {
    GatewayError err;
    switch (e.kind) {
        case UpstreamError::Kind::ConnectFailed:
            err = GatewayError::upstream(502,
                                         QStringLiteral("Provider unreachable: %1").arg(e.message));
            err.code = QStringLiteral("upstream_unreachable");
            break;
        case UpstreamError::Kind::Timeout:
            err = GatewayError::upstream(504,
                                         QStringLiteral("Provider timed out: %1").arg(e.message));
            err.code = QStringLiteral("upstream_timeout");
            break;
        case UpstreamError::Kind::Reset:
            err = GatewayError::upstream(
                502, QStringLiteral("Provider connection broke: %1").arg(e.message));
            err.code = QStringLiteral("upstream_reset");
            break;
        case UpstreamError::Kind::Protocol:
            err = GatewayError::upstream(
                502, QStringLiteral("Provider sent an invalid answer: %1").arg(e.message));
            err.code = QStringLiteral("upstream_protocol_error");
            break;
    }
    return err;
}

// One call's state: lives until the upstream finishes or the caller cancels.
class HttpProviderCall : public ProviderCall,
                         public UpstreamListener,
                         public std::enable_shared_from_this<HttpProviderCall> {
public:
    HttpProviderCall(const ProviderDialect *dialect, ProviderRequest request,
                     ProviderCallbacks callbacks)
        : dialect_(dialect), request_(std::move(request)), callbacks_(std::move(callbacks)) {}

    void begin(UpstreamClient *client, UpstreamRequest upstream) {
        // The client holds us weakly: a cancelled call is simply gone.
        upstream_ = client->send(std::move(upstream), weak_from_this());
    }

    void cancel() override {
        finished_ = true;
        if (upstream_) upstream_->cancel();
    }

    void failWith(const GatewayError &error) { fail(error); }

private:
    // UpstreamListener
    void onUpstreamError(const UpstreamError &e) override { fail(fromUpstreamError(e)); }
    void onUpstreamHead(int status, const HttpHeaders &headers) override {
        status_ = status;
        const QByteArray retryAfter = headers.value("retry-after");
        bool ok = false;
        const int seconds = retryAfter.toInt(&ok);
        if (ok) retryAfterSeconds_ = seconds;
        streamingBody_ = request_.stream && status >= 200 && status < 300;
        if (streamingBody_) framer_ = dialect_->streamFramer(request_);
        if (streamingBody_ && request_.native)
            native_ = std::make_unique<NativeStreamWatcher>(dialect_->nativeFormat());
        else if (streamingBody_)
            decoder_ = dialect_->streamDecoder(request_);
    }

    void onUpstreamData(const QByteArray &data) override {
        if (finished_) return;
        if (!streamingBody_) {
            if (body_.size() + data.size() > HttpProvider::kMaxResponseBytes) {
                GatewayError e = GatewayError::upstream(
                    502, QStringLiteral("Provider answer is larger than %1 bytes")
                             .arg(HttpProvider::kMaxResponseBytes));
                e.code = QStringLiteral("upstream_response_too_large");
                fail(e);
                return;
            }
            body_ += data;
            return;
        }
        auto keep = shared_from_this();  // a callback may cancel us
        for (const SseEvent &event : framer_->feed(data)) {
            QList<QJsonObject> chunks;
            bool done = false;
            GatewayError error;
            error.status = 0;
            if (native_) {
                native_->observe(event, &done, &error);
                if (error.status == 0) callbacks_.onRawEvent(event);
            } else {
                decoder_->decode(event, &chunks, &done, &error);
            }
            // A single chunk that is the event's data: its text goes along.
            if (chunks.size() == 1 && decoder_->chunksAreEventData() &&
                !event.data.contains('\n')) {
                callbacks_.onChunkText(chunks.front(), event.data);
            } else {
                for (const auto &chunk : chunks) {
                    if (finished_) return;
                    callbacks_.onChunk(chunk);
                }
            }
            if (finished_) return;
            if (error.status != 0) {
                fail(error);
                return;
            }
            if (done) {
                finishStream();
                return;
            }
        }
        if (const QString framing = framer_->errorMessage(); !framing.isEmpty()) {
            GatewayError e = GatewayError::upstream(502, framing);
            e.code = QStringLiteral("upstream_protocol_error");
            fail(e);
        }
    }

    void onUpstreamDone() override {
        if (finished_) return;
        if (streamingBody_) {
            finishStream();  // a stream that ends without its end marker still ends
            return;
        }
        if (status_ < 200 || status_ >= 300) {
            QString message = dialect_->errorMessage(QJsonDocument::fromJson(body_).object());
            if (message.isEmpty()) message = QString::fromUtf8(body_.left(500)).trimmed();
            GatewayError e = GatewayError::upstream(
                status_, message.isEmpty()
                             ? QStringLiteral("Provider answered HTTP %1").arg(status_)
                             : message);
            e.code = QStringLiteral("upstream_error");
            e.retryAfterSeconds = retryAfterSeconds_;
            fail(e);
            return;
        }
        if (request_.native || dialect_->passesResponsesThrough()) {
            // Checked, not parsed: the bytes go to the client as they are.
            if (!isValidJsonObject(body_)) return failMalformed();
            finished_ = true;
            callbacks_.onResponse(QJsonObject(), body_);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body_, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) return failMalformed();
        QJsonObject response;
        GatewayError error;
        if (!dialect_->decodeResponse(request_, doc.object(), &response, &error)) {
            fail(error);
            return;
        }
        finished_ = true;
        callbacks_.onResponse(response, QByteArray());
    }

    void failMalformed() {
        QJsonParseError parseError;
        QJsonDocument::fromJson(body_, &parseError);
        GatewayError e =
            GatewayError::upstream(502, QStringLiteral("Provider answered with malformed JSON: %1")
                                            .arg(parseError.error == QJsonParseError::NoError
                                                     ? QStringLiteral("not a JSON object")
                                                     : parseError.errorString()));
        e.code = QStringLiteral("upstream_protocol_error");
        fail(e);
    }

    void finishStream() {
        if (finished_) return;
        finished_ = true;
        if (upstream_) upstream_->cancel();  // ignore anything after the end marker
        callbacks_.onStreamEnd(native_    ? native_->usage()
                               : decoder_ ? decoder_->usage()
                                          : QJsonObject{});
    }

    void fail(const GatewayError &error) {
        if (finished_) return;
        finished_ = true;
        if (upstream_) upstream_->cancel();
        // Some servers quote the key they refused ("Incorrect API key
        // provided: sk-..."); from here the message reaches clients,
        // plugins and logs, so the key leaves it masked.
        GatewayError shown = error;
        shown.message = SecretMask::redact(error.message, request_.apiKey);
        for (const auto &header : request_.config->network.extraHeaders)
            if (SecretMask::isSecretHeaderName(header.first))
                shown.message = SecretMask::redact(shown.message, header.second);
        callbacks_.onError(shown);
    }

    const ProviderDialect *dialect_;
    ProviderRequest request_;
    ProviderCallbacks callbacks_;
    std::shared_ptr<UpstreamCall> upstream_;
    std::unique_ptr<StreamDecoder> decoder_;
    std::unique_ptr<NativeStreamWatcher> native_;
    std::unique_ptr<StreamFramer> framer_;  // the dialect's: SSE, or Bedrock's event stream
    QByteArray body_;
    int status_ = 0;
    int retryAfterSeconds_ = -1;
    bool streamingBody_ = false;
    bool finished_ = false;
};

// The handle returned to the caller keeps the call alive until cancelled.
class CallHandle : public ProviderCall {
public:
    explicit CallHandle(std::shared_ptr<HttpProviderCall> call) : call_(std::move(call)) {}
    ~CallHandle() override { cancel(); }
    void cancel() override {
        if (call_) call_->cancel();
        call_.reset();
    }

private:
    std::shared_ptr<HttpProviderCall> call_;
};

}  // namespace

HttpProvider::HttpProvider(UpstreamClient *client, std::unique_ptr<ProviderDialect> dialect)
    : client_(client), dialect_(std::move(dialect)) {}

std::unique_ptr<ProviderCall> HttpProvider::start(const ProviderRequest &request,
                                                  ProviderCallbacks callbacks) {
    UpstreamRequest upstream;
    GatewayError error;
    auto call = std::make_shared<HttpProviderCall>(dialect_.get(), request, std::move(callbacks));
    if (!dialect_->buildRequest(request, &upstream, &error)) {
        // Answer on the next event-loop turn, like every other outcome.
        QMetaObject::invokeMethod(
            client_, [call, error] { call->failWith(error); }, Qt::QueuedConnection);
        return std::make_unique<CallHandle>(call);
    }
    const auto &net = request.config->network;
    upstream.timeoutMs = net.requestTimeoutMs;
    upstream.idleTimeoutMs = net.streamIdleTimeoutMs;
    upstream.streaming = request.stream;
    static const QList<QByteArray> kHeadersRead{QByteArrayLiteral("retry-after")};  // onHead
    upstream.responseHeaders = kHeadersRead;
    for (const auto &h : net.extraHeaders)
        upstream.headers.set(h.first.toUtf8(), h.second.toUtf8());
    call->begin(client_, std::move(upstream));
    return std::make_unique<CallHandle>(call);
}

}  // namespace gatehouse
