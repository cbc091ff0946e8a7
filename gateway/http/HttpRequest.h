#pragma once

#include "HttpHeaders.h"
#include "net/PeerIdentity.h"

#include <QByteArray>
#include <QString>

namespace gatehouse {

// One parsed HTTP/1.x request, owned by value: nothing in it points back into
// the connection, so a handler may keep it after the connection is gone.
struct HttpRequest {
    QByteArray method;  // "GET", "POST", ...
    QByteArray target;  // as sent: path plus query
    QByteArray path;    // percent-decoded path, no query
    QByteArray query;   // raw query string without '?'
    HttpHeaders headers;
    QByteArray body;
    int httpMinor = 1;  // HTTP/1.<minor>
    bool keepAlive = true;
    // The client's address as text ("127.0.0.1"): made once per connection
    // and shared, where a QHostAddress would cost an allocation per request.
    QString peerAddress;
    quint16 peerPort = 0;
    // Who the kernel says is at the other end, learnt once per connection
    // (Unknown when the server does not ask: HttpServerOptions::identifyPeers).
    PeerIdentity peer;
};

}  // namespace gatehouse
