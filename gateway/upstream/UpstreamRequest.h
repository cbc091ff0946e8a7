#pragma once

#include "http/HttpHeaders.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
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
// Nothing is called after cancel(), nor once the listener is gone (the
// client holds it weakly, so a caller that goes away is simply not called).
class UpstreamListener {
public:
    virtual ~UpstreamListener() = default;
    virtual void onUpstreamHead(int status, const HttpHeaders &headers) = 0;
    virtual void onUpstreamData(const QByteArray &data) = 0;
    virtual void onUpstreamDone() = 0;
    virtual void onUpstreamError(const UpstreamError &error) = 0;
};

}  // namespace gatehouse
