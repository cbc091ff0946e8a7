#pragma once

#include "JsonRpc.h"
#include "McpTypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace gatehouse {

class McpTransport;

// One MCP server connection and its lifecycle, on the MCP thread:
//   connecting -> (initialize, notifications/initialized, tools/list with
//   its pages) -> connected; a failure -> error (the message kept), then
//   reconnecting after a backoff of 1, 2, 4 ... 60 s. Disabled: nothing
//   runs (a stdio child is ended). tools/list_changed lists the tools
//   again; the server's pings are answered and it is pinged every 30 s.
class McpClient : public QObject {
    Q_OBJECT
public:
    using ToolCallback = std::function<void(McpToolResult)>;
    // The protocol versions spoken, newest first; initialize offers the first.
    static const QStringList &protocolVersions();

    McpClient(McpClientConfig config, QObject *keeper, QObject *parent = nullptr);
    ~McpClient() override;

    const McpClientConfig &config() const { return status_.config; }
    // Whether going from one config to the other needs a new connection
    // (anything but the tool filters and the enabled flag changed).
    static bool needsReconnect(const McpClientConfig &before, const McpClientConfig &after);
    // A new config: reconnects when the connection changed, else applies
    // the tool filters and the enabled flag at once.
    void setConfig(const McpClientConfig &config);
    void setEnabled(bool enabled);
    void restart();
    // Ends the server now and waits for its process to be gone (shutdown).
    void shutdown();

    // `tool` is the server's own name. `done` is called once, on this thread.
    void callTool(const QString &tool, const QJsonObject &arguments, ToolCallback done);
    const McpClientStatus &status() const { return status_; }

signals:
    void changed();

private:
    struct Pending {
        QString method;
        std::function<void(const mcp::JsonRpcMessage &)> onAnswer;
        std::function<void(const QString &)> onFailure;
        QTimer *timer = nullptr;
    };

    void connectNow();
    void teardown(bool wait = false);
    void failConnection(const QString &why);
    void request(const QString &method, const QJsonValue &params, int timeoutMs,
                 std::function<void(const mcp::JsonRpcMessage &)> onAnswer,
                 std::function<void(const QString &)> onFailure);
    void onReceived(const QByteArray &json);
    void onMessage(const mcp::JsonRpcMessage &m);
    void initialize();
    void listTools(const QString &cursor, QList<McpTool> soFar, int page = 0);
    void setState(McpClientStatus::State state);
    void failAllPending(const QString &why);

    McpClientStatus status_;
    QPointer<QObject> keeper_;
    McpTransport *transport_ = nullptr;
    qint64 nextId_ = 1;
    QHash<qint64, Pending> pending_;
    QTimer reconnectTimer_;
    QTimer pingTimer_;
    bool listAgain_ = false;  // a list_changed came while listing
    bool listing_ = false;
    quint64 generation_ = 0;  // bumped per connection: late answers of old ones are ignored
};

}  // namespace gatehouse
