#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QHostAddress>

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
    QHostAddress peerAddress;
    quint16 peerPort = 0;
};

}  // namespace gatehouse
