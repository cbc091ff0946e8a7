#pragma once

#include "McpTransport.h"
#include "config/McpConfig.h"
#include "http/SseParser.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QUrl>

class QNetworkReply;

namespace gatehouse {

// An MCP server over HTTP (QNetworkAccessManager: a handful of calls a
// second needs no pool of our own).
//   http (streamable HTTP): each message is a POST to the URL with
//     "Accept: application/json, text/event-stream"; the answer is JSON or
//     an SSE stream of messages; the server's Mcp-Session-Id is sent back
//     on every later request, and after the handshake a GET stream carries
//     what the server sends on its own (tools/list_changed).
//   sse (the older HTTP+SSE): a GET stream whose first "endpoint" event
//     names the URL to POST messages to; answers arrive on the stream.
class HttpTransport : public McpTransport {
    Q_OBJECT
public:
    HttpTransport(const McpClientConfig &config, QObject *parent = nullptr);
    ~HttpTransport() override;
    void open() override;
    void send(const QByteArray &message) override;
    void close() override;
    void setProtocolVersion(const QString &version) override { protocolVersion_ = version; }
    void listen() override;

private:
    QNetworkRequest request(const QUrl &url, const QByteArray &accept) const;
    void watch(QNetworkReply *reply, bool isStream);
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void fail(const QString &why);

    McpClientConfig config_;
    QUrl url_;
    QList<QPair<QByteArray, QByteArray>> headers_;  // the config's, sent on every request
    QNetworkAccessManager *nam_;
    QByteArray sessionId_;
    QString protocolVersion_;
    QUrl postUrl_;                    // sse: from the "endpoint" event
    QPointer<QNetworkReply> stream_;  // the GET stream
    QHash<QNetworkReply *, SseParser> parsers_;
    bool closed_ = false;
};

}  // namespace gatehouse
