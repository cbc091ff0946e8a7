#pragma once

#include "UpstreamRequest.h"

#include <QPointer>

namespace gatehouse {

class UpstreamConnection;

// Shared between the caller's UpstreamCall handle, the pool's wait queue and
// the connection carrying it.
struct UpstreamCallState {
    UpstreamRequest request;
    UpstreamCallbacks callbacks;
    QString poolKey;
    QPointer<UpstreamConnection> connection;
    bool cancelled = false;
    bool finished = false;
    bool headSeen = false;
    // A reused keep-alive connection may have been closed by the server just
    // before we wrote to it; such a request is retried once on a fresh one.
    bool retriedStale = false;
};

}  // namespace gatehouse
