#pragma once

#include "McpTypes.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThread>
#include <functional>
#include <memory>

namespace gatehouse {

class McpClient;

// One tool as Gatehouse offers it: prefixed with its client's name
// ("everything-echo"), so tools of several servers never collide.
struct McpOfferedTool {
    QString name;  // client-tool
    QString client;
    McpTool tool;
};

// The MCP client host: every MCP server of config.json's "mcp" section,
// connected from a thread of its own (the "MCP thread"), so no worker and
// no panel ever waits on a server. Everything public is safe from any
// thread; callbacks come back on the thread of the `context` object given.
class McpHost {
public:
    McpHost();
    ~McpHost();  // stop()

    // Starts the thread and the clients of `config`.
    void start(const McpConfig &config);
    // Ends every server (stdio children: stdin closed, SIGTERM, SIGKILL)
    // and waits until they are gone, then the thread.
    void stop();
    // Adds, removes and changes clients to match (config.json was saved).
    // A client whose entry did not change keeps its connection and state.
    void applyConfig(const McpConfig &config);

    QList<McpClientStatus> statuses() const;  // in config order
    bool hasClient(const QString &name) const;
    // The tools on offer: of connected clients, allowed by their
    // tools_to_execute / tools_to_skip, sorted by name (a stable order
    // keeps prompt caches warm).
    QList<McpOfferedTool> offeredTools() const;

    // Prometheus text: per client whether it is connected, its offered
    // tools, and its tool calls by outcome.
    QByteArray prometheusText() const;

    // "client-tool" -> ("client", "tool"); false when it has no prefix.
    static bool splitToolName(const QString &name, QString *client, QString *tool);

    using ToolCallback = std::function<void(McpToolResult)>;
    // Runs a tool by its offered name; `done` runs on `context`'s thread
    // (not at all when `context` is gone by then). `requestId`: the request
    // it belongs to, for the tool call observer.
    void callTool(const QString &name, const QJsonObject &arguments, QObject *context,
                  ToolCallback done, const QString &requestId = QString());

    // Sees every tool call that reached a server's client (allowed or
    // refused), on the MCP thread, as it ends: for the panel's hook log.
    // Set before start().
    using ToolCallObserver = std::function<void(const QString &client, const QString &tool,
                                                const QString &requestId, const McpToolResult &)>;
    void setToolCallObserver(ToolCallObserver observer) { observer_ = std::move(observer); }
    using Done = std::function<void(QString error)>;  // empty: done
    void setEnabled(const QString &client, bool enabled, QObject *context, Done done);
    void restart(const QString &client, QObject *context, Done done);

    // /mcp sessions (Mcp-Session-Id) this gateway handed out.
    QString newSession();
    bool hasSession(const QString &id) const;
    bool endSession(const QString &id);

private:
    void post(std::function<void()> f);
    void publish(McpClient *client);
    McpClient *find(const QString &name) const;  // MCP thread
    void addClient(const McpClientConfig &config);
    // Lists the clients of `config` at once (before the MCP thread acts).
    void expect(const McpConfig &config);

    QThread thread_;
    QObject *home_ = nullptr;     // lives on thread_; parent of the clients
    QList<McpClient *> clients_;  // MCP thread only
    mutable QMutex mutex_;
    QList<QString> order_;                    // under mutex_: the clients wanted
    QHash<QString, McpClientStatus> status_;  // under mutex_
    QSet<QString> sessions_;                  // under mutex_
    bool running_ = false;
    ToolCallObserver observer_;  // set before start, read on the MCP thread
};

}  // namespace gatehouse
