#pragma once

#include "plugins/HookCallFeed.h"
#include "trace/PluginLogLine.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QRecursiveMutex>
#include <QString>
#include <deque>
#include <functional>

namespace gatehouse {

// The log lines of every plugin: a capped ring per plugin, so a chatty
// plugin cannot grow memory or push out another plugin's lines.
// Thread-safe: hooks append from worker threads.
class PluginLogBook {
public:
    using Sink = std::function<void(const PluginLogLine &)>;

    explicit PluginLogBook(int capacityPerPlugin = 1000);

    PluginLogLine append(const QString &plugin, const QString &level, const QString &message,
                         const QString &hook = {}, const QString &requestId = {});
    // The first `limit` lines with id > afterId, oldest first: page by
    // passing the last id seen.
    QList<PluginLogLine> lines(const QString &plugin, qint64 afterId, int limit) const;
    // Called after every append on the appending thread; an empty sink
    // stops the calls (waiting for one in progress).
    void setSink(Sink sink);
    // Every plugin's hook calls, for whoever watches them (the panel's hook
    // log); kept here because every active plugin already holds the book.
    HookCallFeed &hookCalls() { return hookCalls_; }

private:
    const int capacity_;
    mutable QMutex mutex_;
    QHash<QString, std::deque<PluginLogLine>> rings_;
    qint64 nextId_ = 1;
    // Separate (and recursive) so a sink may append or read again.
    QRecursiveMutex sinkMutex_;
    Sink sink_;
    HookCallFeed hookCalls_;
};

}  // namespace gatehouse
