#pragma once

#include "http/HttpHeaders.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

namespace gatehouse {

// A request to a provider's HTTP endpoint.
struct UpstreamRequest {
    QByteArray method = "POST";
    QUrl url;  // http:// or https://
    HttpHeaders headers;
    QByteArray body;
    // Until the response head arrives (and, unless streaming, until its end).
    int timeoutMs = 30'000;
    // Streaming only: longest silence allowed between two pieces of the body.
    int idleTimeoutMs = 60'000;
    bool streaming = false;
    // Response headers the caller reads (any case); empty: all of them.
    // The others are not kept, which saves two allocations per header.
    QList<QByteArray> responseHeaders;
};

struct UpstreamError {
    enum class Kind { ConnectFailed, Timeout, Reset, Protocol };
    Kind kind = Kind::Protocol;
    QString message;
};

// What the caller hears back, in order: head, data*, then done or error
// (error may also come after head/data when the connection breaks mid-body).
// Nothing is called after cancel().
struct UpstreamCallbacks {
    std::function<void(int status, const HttpHeaders &headers)> onHead;
    std::function<void(const QByteArray &data)> onData;
    std::function<void()> onDone;
    std::function<void(const UpstreamError &error)> onError;
    // Whatever the callbacks point to (WeakHandle's box); lives as they do.
    std::shared_ptr<const void> keepAlive;
};

}  // namespace gatehouse
