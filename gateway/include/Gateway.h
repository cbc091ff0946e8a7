#pragma once

#include "config/GatewayConfig.h"
#include "metrics/Metrics.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>

namespace gatehouse {

class ConfigReconciler;
class ConfigStore;
class ApiToken;
class HttpServer;
class LogStore;
class McpHost;
class ModelCatalog;
class PluginManager;
struct GatewayState;

struct GatewayOptions {
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;  // 0: any free port
    int workers = 0;      // 0: one per CPU core
    // The store (SQLite path or postgres:// URL); empty: config.json's
    // "store", else the default SQLite file in the XDG data dir.
    QString store;
    // Where the bundled plugins are (PluginManager::Options): config.json
    // entries without "path" load <dir>/<name>.so from the first that has it.
    QStringList systemPluginDirectories;
    // Where the API token is kept (created on first start, mode 0600);
    // empty: ~/.config/gatehouse/api-token.
    QString apiTokenFile;
    // Also serve on this Unix domain socket (mode 0600; see
    // UnixListener::defaultPath()); empty: none.
    QString unixSocket;
    // Ask each provider for its models in the background (ModelCatalog);
    // false: GET /v1/models lists the configured models only.
    bool listProviderModels = true;
};

// The gateway's public face, used by the command line and the control panel:
// start it with a configuration, read its metrics, stop it. All calls are
// made from the thread that created it; serving happens on worker threads.
class Gateway : public QObject {
    Q_OBJECT
public:
    Gateway(GatewayConfig config, GatewayOptions options, QObject *parent = nullptr);
    ~Gateway() override;

    // Binds and starts serving. On failure returns false with a message that
    // says what to do (e.g. the port is taken).
    bool start(QString *error);
    // Graceful stop: refuses new connections, lets requests in progress finish
    // (waiting up to `graceMs` while processing events), then closes the rest.
    void stop(int graceMs);
    bool isRunning() const;

    quint16 port() const;
    QString baseUrl() const;  // http://host:port
    // The effective configuration: config.json merged with the config store
    // (see ConfigStore); replaced whole when it changes (configChanged()).
    const GatewayConfig &config() const { return *config_; }
    Metrics::Snapshot metrics() const;
    // The plugin host (main thread); null until start(). Read its statuses,
    // logs and chain there; edit plugins with the calls below, which commit
    // to the config store first (so the edit survives a restart and reaches
    // every gateway sharing the store) and then apply it to the host.
    PluginManager *plugins() const { return plugins_.get(); }
    // Main thread; false with *error (what to do) when refused or the
    // plugin did not start. As /api/plugins's POST, DELETE and PUT.
    bool addPlugin(const PluginEntry &entry, QString *error);
    bool removePlugin(const QString &name, QString *error);
    bool setPluginEnabled(const QString &name, bool enabled, QString *error);
    bool setPluginConfig(const QString &name, const QJsonObject &config, QString *error);
    bool setPluginVersion(const QString &name, int version, QString *error);
    // The request and hook-call log (queries, live feed, counters); null
    // until start() and when client.enable_logging is false.
    LogStore *logs() const;
    // Providers, plugins and client settings as stored (main thread; null
    // until start()). The panel reads content()/effective() and changes
    // them with change() and the edits of ConfigEdits, as /api/config and
    // /api/providers do; configChanged() follows every change, whoever
    // made it (this gateway, another one sharing the store, config.json).
    ConfigStore *configStore() const { return configStore_.get(); }
    // What applies the store's committed config to the plugin host and the
    // provider snapshot (main thread; null until start()).
    ConfigReconciler *reconciler() const { return reconciler_.get(); }
    int activeRequests() const;
    // The MCP servers (mcp.client_configs): status, tools, enable/disable,
    // restart; safe from any thread. Null until start().
    McpHost *mcp() const { return mcp_.get(); }
    // Every provider's model list (GET /v1/models); null when stopped.
    ModelCatalog *modelCatalog() const { return models_.get(); }

    // The API token (for the panel to show): it unlocks /api and /ws when
    // the gateway listens beyond loopback, and adding a plugin by path over
    // the API always needs it. Empty until start().
    QString apiToken() const;
    // The file it is kept in; empty when it could not be written and the
    // token lives only as long as this run.
    QString apiTokenFile() const;
    // True when bound beyond loopback: every /api and /ws request needs the token.
    bool apiTokenRequired() const;
    // The Unix socket it serves on; empty when none (not asked for, or it
    // could not be made: a warning said why).
    QString unixSocketPath() const;
    // Whose connections need no token (client.local_trust, as read at
    // start) and the uid counted as the owner's.
    ClientConfig::LocalTrust localTrust() const;
    uint ownerUid() const;

    // The governance plugin's virtual keys, as /api/governance/virtual-keys
    // answers them: {"virtual_keys": [...]} with each key's usage this
    // window, or empty with *error (the plugin is not configured). A new
    // key's answer is {"id", "name", "key"}: the key is shown this once.
    // Main thread.
    QJsonObject virtualKeys(QString *error) const;
    QJsonObject createVirtualKey(const QJsonObject &spec, QString *error);
    bool revokeVirtualKey(const QString &id, QString *error);

    // The price overrides (config.json's "pricing", as kept in the config
    // store) as GET /api/pricing answers them: {"pricing": [...], "source",
    // "catalogue"}; and which price a provider and model get now, as GET
    // /api/pricing/lookup answers it (pricing/PriceQuery.h). Overrides are
    // changed with configStore()->change(ConfigEdits::putPricing(...)).
    // Empty until start(). Main thread.
    QJsonObject priceOverrides() const;
    QJsonObject priceLookup(const QString &provider, const QString &model) const;
    // The MCP servers as GET /api/mcp/clients answers them: {"clients":
    // [...]} with each one's state, tools and their schemas, last error and
    // stderr tail (secrets masked). Any thread.
    QJsonObject mcpClients() const;
    // Changes as /api/mcp/clients makes them, kept in the config store: an
    // entry in config.json's shape (a masked secret sent back keeps the
    // stored one). `done` gets "" or why not (naming the field) on
    // `context`'s thread. Main thread.
    using McpDone = std::function<void(const QString &error)>;
    void saveMcpClient(const QJsonObject &entry, bool create, QObject *context, McpDone done);
    void removeMcpClient(const QString &name, QObject *context, McpDone done);
    void setMcpClientEnabled(const QString &name, bool enabled, QObject *context, McpDone done);
    // Ends the server and connects again (a new process); not stored.
    void restartMcpClient(const QString &name, QObject *context, McpDone done);
    // Runs a tool by its offered name ("client-tool"); `done` gets the tool's
    // result ({"content": [...], "isError": bool}) and its text, or an error.
    using McpToolDone =
        std::function<void(bool ok, const QJsonObject &result, const QString &textOrError)>;
    void callMcpTool(const QString &tool, const QJsonObject &arguments, QObject *context,
                     McpToolDone done);

    // The "pause agents" switch: while paused, new inference requests (every
    // client format) are answered 429 at once; requests already running
    // finish, /api, /health and /metrics keep answering. /api/pause sets
    // it too. Not stored; kept across start(). Main thread; the workers
    // read the switch as an atomic.
    void setInferencePaused(bool paused);
    bool inferencePaused() const;

signals:
    void stopped();
    // The effective configuration changed; config() is the new one.
    void configChanged();

private:
    bool openConfigStore(QString *error);
    bool openLogStore(QString *error);
    void openResponseStore();
    std::function<std::shared_ptr<class HostServices>(const QString &)> hostServicesFactory();
    void watchConfigFile();
    bool loadApiToken(QString *error);

    std::shared_ptr<const GatewayConfig> fileConfig_;  // config.json as given
    std::shared_ptr<const GatewayConfig> config_;      // effective
    GatewayOptions options_;
    std::shared_ptr<GatewayState> state_;
    // The pause asked for before start() (state_ holds it once running).
    std::atomic<bool> pausedBeforeStart_{false};
    std::unique_ptr<PluginManager> plugins_;
    std::unique_ptr<McpHost> mcp_;
    std::unique_ptr<ModelCatalog> models_;
    std::unique_ptr<HttpServer> server_;
    std::unique_ptr<ConfigStore> configStore_;
    // Applies what the store commits to plugins_ and state_ (after both).
    std::unique_ptr<ConfigReconciler> reconciler_;
    std::shared_ptr<const ApiToken> token_;
};

}  // namespace gatehouse
