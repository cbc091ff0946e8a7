#pragma once

#include "UpstreamCallState.h"
#include "net/ByteStream.h"
#include "net/DeadlineTimer.h"

#include <QObject>
#include <memory>

struct http_parser;
struct http_parser_settings;

namespace gatehouse {

class UpstreamClient;

// One keep-alive connection to a provider host, carrying one request at a
// time. Parses the response with http_parser (chunked and length-delimited
// bodies) and hands body bytes to the call as they arrive.
class UpstreamConnection : public QObject, private ByteStreamEvents {
    Q_OBJECT
public:
    UpstreamConnection(UpstreamClient *client, const QString &poolKey, const QUrl &url);
    ~UpstreamConnection() override;

    const QString &poolKey() const { return poolKey_; }
    // Starts `call` on this connection (connecting first if needed).
    void start(const std::shared_ptr<UpstreamCallState> &call);
    // Drops the current call without telling it anything (it was cancelled).
    void abandon();
    bool wasUsedBefore() const { return requestsServed_ > 0; }

private:
    static const http_parser_settings &settings();
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);

    void streamConnected() override;
    void streamReadable() override;
    void streamEnded(const StreamEnd &end) override;

    void writeRequest();
    bool onBytes(const char *data, size_t size);
    bool startPlainResponse(const char *data, size_t size, size_t *used);
    bool onPlainBody(const char *data, size_t size);
    void endHeaderField();
    bool callerReads(QByteArrayView name) const;
    void onTimeout();
    void fail(UpstreamError::Kind kind, const QString &message);
    void finishCall();
    void close();
    void armTimer();

    UpstreamClient *client_;
    QString poolKey_;
    QString host_;
    quint16 port_;
    bool tls_;
    ByteStream *stream_ = nullptr;  // TcpStream, or QtSocketStream for TLS
    std::unique_ptr<http_parser> parser_;
    std::shared_ptr<UpstreamCallState> call_;
    HttpHeaders responseHeaders_;
    QByteArray field_;
    QByteArray value_;
    bool lastWasValue_ = false;
    bool messageComplete_ = false;
    // The response's head was read by parseResponseHead: its body is counted
    // here (bytes still to come), and http_parser is not used for it.
    qint64 plainBodyLeft_ = -1;
    bool parserEngaged_ = false;  // http_parser reads this response
    bool keepAlive_ = true;
    bool connected_ = false;
    bool connecting_ = false;
    bool closed_ = false;
    int requestsServed_ = 0;
    QUrl prefixUrl_;  // request line + Host header last written, for reuse
    QByteArray prefixMethod_;
    QByteArray prefix_;
    DeadlineTimer timer_;
};

}  // namespace gatehouse
