#pragma once

#include "UpstreamRequest.h"

#include <QPointer>

namespace gatehouse {

class UpstreamConnection;

// Shared between the caller's UpstreamCall handle, the pool's wait queue and
// the connection carrying it.
struct UpstreamCallState {
    UpstreamRequest request;
    std::weak_ptr<UpstreamListener> listener;
    std::shared_ptr<UpstreamListener> ownedListener;  // sendOwned(): kept with the call
    QString poolKey;
    QPointer<UpstreamConnection> connection;
    bool cancelled = false;
    bool finished = false;
    bool headSeen = false;
    // A reused keep-alive connection may have been closed by the server just
    // before we wrote to it; such a request is retried once on a fresh one.
    bool retriedStale = false;

    // The listener's callbacks, if it is still there.
    void head(int status, const HttpHeaders &headers) const {
        if (auto l = listener.lock()) l->onUpstreamHead(status, headers);
    }
    void data(const QByteArray &bytes) const {
        if (auto l = listener.lock()) l->onUpstreamData(bytes);
    }
    void done() const {
        if (auto l = listener.lock()) l->onUpstreamDone();
    }
    void error(const UpstreamError &e) const {
        if (auto l = listener.lock()) l->onUpstreamError(e);
    }
};

}  // namespace gatehouse
