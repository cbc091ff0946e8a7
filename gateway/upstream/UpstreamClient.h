#pragma once

#include "UpstreamRequest.h"

#include <QHash>
#include <QObject>
#include <deque>
#include <memory>

namespace gatehouse {

class UpstreamConnection;
struct UpstreamCallState;

// Handle to one request in flight; cancel() aborts it and silences callbacks.
class UpstreamCall {
public:
    explicit UpstreamCall(std::shared_ptr<UpstreamCallState> state) : state_(std::move(state)) {}
    void cancel();

private:
    friend class UpstreamClient;
    std::shared_ptr<UpstreamCallState> state_;
};

// HTTP/1.1 client for provider calls, one per worker thread. Keeps a pool of
// keep-alive connections per scheme://host:port with a configurable cap
// (QNetworkAccessManager in Qt 6.4 allows only 6 per host, which would
// serialize a gateway's traffic to one provider). Streams response bodies to
// the caller as they arrive. Not thread-safe: use it on its own thread.
class UpstreamClient : public QObject {
    Q_OBJECT
public:
    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override;

    // Cap on open connections per host; requests beyond it wait their turn.
    void setMaxConnectionsPerHost(int max) { maxPerHost_ = qMax(1, max); }
    // `listener` is held weakly: a listener that is gone hears nothing.
    std::shared_ptr<UpstreamCall> send(UpstreamRequest request,
                                       std::weak_ptr<UpstreamListener> listener);
    // The same for a listener that belongs to the call alone: the call
    // keeps it until the call's end (its handle, if kept, keeps it longer).
    std::shared_ptr<UpstreamCall> sendOwned(UpstreamRequest request,
                                            std::shared_ptr<UpstreamListener> listener);

    int openConnections() const;

private:
    friend class UpstreamConnection;
    struct Pool {
        std::deque<UpstreamConnection *> idle;
        std::deque<std::shared_ptr<UpstreamCallState>> waiting;
        int open = 0;
    };
    const QString &poolKeyFor(const QUrl &url);
    void dispatch(const QString &key);
    void connectionIdle(UpstreamConnection *connection);
    void connectionClosed(UpstreamConnection *connection);

    QHash<QString, Pool> pools_;
    QUrl lastUrl_;  // a worker mostly calls one provider: its key is kept
    QString lastPoolKey_;
    int maxPerHost_ = 5000;
};

}  // namespace gatehouse
