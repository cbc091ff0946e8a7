#pragma once

#include "store/LiveFeed.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <memory>

namespace gatehouse {

class HttpExchange;

// One client tailing the live feed over SSE: every 200 ms it sends what
// arrived since the last look (filtered), and a comment every 15 s so
// proxies keep the connection open. Ends when the client leaves or the
// gateway stops. Lives on the connection's worker thread.
class LiveTail : public QObject {
public:
    struct Filter {
        QString provider;
        QString model;
        QString plugin;
        QString status;  // as LogFilter::status
        bool requests = true;
        bool logs = true;
    };

    // `stopping`: when it turns true the tail ends its stream (gateway stop).
    static void start(LiveFeed &feed, std::shared_ptr<HttpExchange> exchange, Filter filter,
                      QObject *worker, const std::atomic<bool> *stopping);

private:
    LiveTail(LiveFeed &feed, std::shared_ptr<HttpExchange> exchange, Filter filter,
             const std::atomic<bool> *stopping);
    void poll();
    bool accepts(const RequestTrace &t) const;
    bool accepts(const PluginLogLine &l) const;

    LiveFeed &feed_;
    std::shared_ptr<HttpExchange> exchange_;
    Filter filter_;
    const std::atomic<bool> *stopping_;
    qint64 next_ = -1;
    QTimer timer_;
    int idlePolls_ = 0;
};

}  // namespace gatehouse
