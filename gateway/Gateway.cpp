#include "Gateway.h"

#include "catalog/ModelCatalog.h"
#include "mcp/McpHost.h"

#include "RequestRouter.h"
#include "codecs/responses/ResponseArchive.h"
#include "core/ConfigReconciler.h"
#include "core/GatewayHostServices.h"
#include "core/GatewayState.h"
#include "core/VirtualKeyBook.h"
#include "core/VirtualKeys.h"
#include "core/WorkerContext.h"
#include "http/HttpServer.h"
#include "mcp/McpHookLog.h"
#include "mcp/McpHost.h"
#include "plugins/HookThreads.h"
#include "plugins/PluginConfigWatcher.h"
#include "plugins/PluginManager.h"
#include "quota/SqlLeaseStore.h"
#include "security/ApiToken.h"
#include "security/RequestGuard.h"
#include "store/ConfigStore.h"
#include "store/LogStore.h"
#include "store/ResponseStore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDebug>
#include <QFileInfo>
#include <QHostInfo>
#include <QStandardPaths>
#include <QThread>
#include <atomic>

#include <unistd.h>

namespace gatehouse {

namespace {
constexpr int kConfigPollMs = 1000;

// Gateways running in this process. Two plugin hosts in one process must
// not share shadow copies: Qt hands both the same plugin object for one
// path, and one host's cleanup would pull it from under the other.
std::atomic<int> liveGateways{0};
std::atomic<int> hostSerial{0};
}  // namespace

Gateway::Gateway(GatewayConfig config, GatewayOptions options, QObject *parent)
    : QObject(parent),
      fileConfig_(std::make_shared<const GatewayConfig>(std::move(config))),
      config_(fileConfig_),
      options_(options) {}

Gateway::~Gateway() {
    stop(0);
}

bool Gateway::start(QString *error) {
    if (server_) return true;
    if (!loadApiToken(error)) return false;
    if (!openConfigStore(error)) return false;
    config_ = configStore_->effective();
    state_ = std::make_shared<GatewayState>(config_);
    state_->configStore = configStore_.get();
    state_->inferencePaused.store(pausedBeforeStart_.load());
    openResponseStore();
    if (config_->client.enableLogging && !openLogStore(error)) {
        state_.reset();
        configStore_.reset();
        return false;
    }
    const LocalTrust trust = LocalTrust::forThisProcess(config_->client);
    GatewayState *state = state_.get();  // owns the guard, so outlives its calls
    state_->guard = std::make_shared<const RequestGuard>(
        config_->client, apiTokenRequired(), token_, QHostInfo::localHostName(), trust,
        [state](const QByteArray &key) { return isKnownVirtualKey(*state, key); });
    // Plugins load before the first request can arrive; one that fails to
    // load is reported in its status and the gateway starts anyway.
    PluginManager::Options pluginOptions;
    pluginOptions.systemPluginDirectories = options_.systemPluginDirectories;
    if (liveGateways.fetch_add(1) > 0)
        pluginOptions.shadowDirectory =
            QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
            QStringLiteral("/plugin-shadow-%1-%2")
                .arg(QCoreApplication::applicationPid())
                .arg(hostSerial.fetch_add(1) + 1);
    if (!config_->sourcePath.isEmpty())
        pluginOptions.configDirectory = QFileInfo(config_->sourcePath).absolutePath();
    pluginOptions.hostServices = hostServicesFactory();
    plugins_ = std::make_unique<PluginManager>(pluginOptions);
    plugins_->applyConfig(config_->plugins);
    plugins_->discover();
    state_->plugins = plugins_.get();
    // From now on committed config reaches the host and the provider
    // snapshot through the reconciler alone.
    reconciler_ =
        std::make_unique<ConfigReconciler>(configStore_.get(), plugins_.get(), state_.get());
    state_->reconciler = reconciler_.get();
    connect(reconciler_.get(), &ConfigReconciler::applied, this,
            [this](std::shared_ptr<const GatewayConfig> config) {
                config_ = std::move(config);
                if (mcp_) mcp_->applyConfig(config_->mcp);
                if (models_) models_->applyConfig(config_);
                emit configChanged();
            });
    watchConfigFile();
    state_->hookThreads = std::make_shared<HookThreads>(config_->client.pluginHookThreads);
    // For measuring what a trip to a hook thread costs (tests/bench/hooks.sh).
    if (qEnvironmentVariableIsSet("GATEHOUSE_HOOKS_OFFLOAD_ALL"))
        state_->hookThreads->setOffloadAll(true);
    if (auto logs = state_->logs) {
        // Emitted on the thread that wrote the line (hooks run on workers).
        connect(
            plugins_.get(), &PluginManager::logLine, plugins_.get(),
            [logs](const PluginLogLine &line) { logs->recordLog(line); }, Qt::DirectConnection);
    }
    // MCP servers connect on their own thread; the first requests may find
    // them still connecting (their tools are offered once they are up).
    mcp_ = std::make_unique<McpHost>();
    mcp_->setToolCallObserver(mcpToolCallsInHookLog(plugins_.get()));
    mcp_->start(config_->mcp);
    state_->mcp = mcp_.get();
    // Providers' model lists are fetched on a thread of their own: the
    // first /v1/models may answer with the configured models only.
    if (options_.listProviderModels) {
        models_ = std::make_unique<ModelCatalog>();
        models_->start(config_);
        state_->models = models_.get();
    }
    HttpServerOptions http;
    http.address = options_.host;
    http.port = options_.port;
    http.workers = options_.workers;
    const ClientConfig &client = config_->client;
    http.limits.maxBodyBytes = client.maxRequestBodyBytes;
    http.limits.headerTimeoutMs = client.headerTimeoutMs;
    http.limits.idleTimeoutMs = client.idleTimeoutMs;
    http.identifyPeers = trust.needsPeerIdentity();
    http.unixSocketPath = options_.unixSocket;
    auto shared = state_;
    auto factory = [shared](int) -> HttpHandler {
        // Runs on the worker thread: the context and its sockets live there.
        auto worker = std::make_shared<WorkerContext>(shared);
        auto router = std::make_shared<RequestRouter>(worker.get());
        return [worker, router](const std::shared_ptr<HttpExchange> &exchange) {
            router->handle(exchange);
        };
    };
    auto errorBody = [](int status, const QString &message) {
        GatewayError e;
        e.status = status;
        e.type = openAIErrorTypeFor(status);
        e.code = status == 413   ? QStringLiteral("request_too_large")
                 : status == 408 ? QStringLiteral("request_timeout")
                 : status == 431 ? QStringLiteral("headers_too_large")
                                 : QStringLiteral("bad_request");
        e.message = message;
        return e.toOpenAIJson();
    };
    server_ = std::make_unique<HttpServer>(http, factory, errorBody);
    if (!server_->start(error)) {
        server_.reset();
        state_.reset();
        models_.reset();
        mcp_.reset();
        reconciler_.reset();
        plugins_.reset();
        configStore_.reset();
        liveGateways.fetch_sub(1);
        return false;
    }
    if (!server_->unixSocketError().isEmpty())
        qWarning().noquote() << QStringLiteral(
                                    "gatehouse: warning: not serving on a Unix socket: %1")
                                    .arg(server_->unixSocketError());
    // Changes made by other instances sharing the store: the revision
    // counter is one indexed row, so a poll a second costs next to nothing.
    configStore_->startPolling(kConfigPollMs);
    return true;
}

// One store for everything: the config tables live next to the logs.
bool Gateway::openConfigStore(QString *error) {
    const QString where = !options_.store.isEmpty() ? options_.store : fileConfig_->store;
    StoreLocation location;
    if (!StoreLocation::fromString(where, &location, error)) return false;
    configStore_ = std::make_unique<ConfigStore>(location, *fileConfig_);
    if (!configStore_->open(error)) {
        configStore_.reset();
        return false;
    }
    connect(configStore_.get(), &ConfigStore::storeError, this,
            [](const QString &message) { qWarning("gatehouse: %s", qPrintable(message)); });
    return true;
}

// config.json edited while running: its new version seeds the store (the
// same rule as at start), and the effective config follows.
void Gateway::watchConfigFile() {
    if (fileConfig_->sourcePath.isEmpty()) return;
    auto *watcher = new PluginConfigWatcher(fileConfig_->sourcePath, configStore_.get());
    ConfigStore *store = configStore_.get();
    connect(watcher, &PluginConfigWatcher::configChanged, store,
            [store](const GatewayConfig &config) { store->reseed(config); });
    connect(watcher, &PluginConfigWatcher::configError, plugins_.get(),
            &PluginManager::configFileError);
}

bool Gateway::openLogStore(QString *error) {
    const QString where = !options_.store.isEmpty() ? options_.store : config_->store;
    LogStore::Options o;
    if (!StoreLocation::fromString(where, &o.location, error)) return false;
    o.instance = QStringLiteral("%1:%2").arg(options_.host.toString()).arg(options_.port);
    o.contentLogging = !config_->client.disableContentLogging;
    o.retentionDays = config_->client.logRetentionDays;
    o.maxSizeBytes = qint64(config_->client.logMaxSizeMb) * 1024 * 1024;
    auto logs = std::make_shared<LogStore>(o);
    QString why;
    if (!logs->open(&why)) {
        *error = QStringLiteral("cannot open the log store: %1").arg(why);
        return false;
    }
    state_->logs = std::move(logs);
    return true;
}

// Stored Responses-API responses go to the store (the schema is migrated:
// the config store opened it) unless content logging is off: then no
// conversation is written to disk, and they live in memory until a restart.
namespace {

// The Responses codec's archive is the store's stored_responses table; the
// codecs sit below the store, so the two meet here.
class StoreArchive final : public responses::ResponseArchive {
public:
    explicit StoreArchive(std::shared_ptr<ResponseStore> store) : store_(std::move(store)) {}
    void save(QByteArrayView id, QByteArrayView conversation, QByteArrayView response) override {
        store_->save(id, conversation, response);
    }

private:
    std::shared_ptr<ResponseStore> store_;
};

}  // namespace

void Gateway::openResponseStore() {
    if (config_->client.disableContentLogging) return;
    const QString where = !options_.store.isEmpty() ? options_.store : config_->store;
    ResponseStore::Options o;
    QString error;
    if (!StoreLocation::fromString(where, &o.location, &error)) return;
    o.retentionDays = config_->client.logRetentionDays;
    state_->responseStore = std::make_shared<ResponseStore>(o);
    state_->responses->setArchive(std::make_shared<StoreArchive>(state_->responseStore));
}

// Each plugin instance's services: counters in the store (the one the
// config store opened and migrated) and the gateway's prices.
std::function<std::shared_ptr<HostServices>(const QString &)> Gateway::hostServicesFactory() {
    const QString where = !options_.store.isEmpty() ? options_.store : config_->store;
    StoreLocation location;
    QString error;
    if (StoreLocation::fromString(where, &location, &error))
        state_->leases = std::make_shared<SqlLeaseStore>(location);
    std::shared_ptr<GatewayState> state = state_;
    return [state](const QString &entry) -> std::shared_ptr<HostServices> {
        auto services = std::make_shared<GatewayHostServices>(state->leases, state, entry);
        state->addHostServices(entry, services);
        return services;
    };
}

QJsonObject Gateway::virtualKeys(QString *error) const {
    if (!state_) {
        *error = QStringLiteral("the gateway is not running");
        return {};
    }
    const VirtualKeyBook::Outcome out = VirtualKeyBook::listOf(*state_);
    if (out.status >= 400) *error = out.error;
    return out.body;
}

QJsonObject Gateway::createVirtualKey(const QJsonObject &spec, QString *error) {
    if (!state_) {
        *error = QStringLiteral("the gateway is not running");
        return {};
    }
    const VirtualKeyBook::Outcome out = VirtualKeyBook::createIn(*state_, spec);
    if (out.status >= 400) *error = out.error;
    return out.body;
}

bool Gateway::revokeVirtualKey(const QString &id, QString *error) {
    if (!state_) {
        *error = QStringLiteral("the gateway is not running");
        return false;
    }
    const VirtualKeyBook::Outcome out = VirtualKeyBook::revokeIn(*state_, id);
    if (out.status >= 400) *error = out.error;
    return out.status < 400;
}

namespace {
bool outcome(const ConfigStore::Result &result, QString *error) {
    if (!result.ok()) *error = result.error;
    return result.ok();
}
bool notRunning(QString *error) {
    *error = QStringLiteral("the gateway is not running");
    return false;
}
}  // namespace

bool Gateway::addPlugin(const PluginEntry &entry, QString *error) {
    return reconciler_ ? outcome(reconciler_->addPlugin(entry), error) : notRunning(error);
}

bool Gateway::removePlugin(const QString &name, QString *error) {
    return reconciler_ ? outcome(reconciler_->removePlugin(name), error) : notRunning(error);
}

bool Gateway::setPluginEnabled(const QString &name, bool enabled, QString *error) {
    PluginEdits::Update update;
    update.enabled = enabled;
    return reconciler_ ? outcome(reconciler_->updatePlugin(name, update), error)
                       : notRunning(error);
}

bool Gateway::setPluginConfig(const QString &name, const QJsonObject &config, QString *error) {
    PluginEdits::Update update;
    update.config = config;
    return reconciler_ ? outcome(reconciler_->updatePlugin(name, update), error)
                       : notRunning(error);
}

bool Gateway::setPluginVersion(const QString &name, int version, QString *error) {
    PluginEdits::Update update;
    update.version = version;
    return reconciler_ ? outcome(reconciler_->updatePlugin(name, update), error)
                       : notRunning(error);
}

LogStore *Gateway::logs() const {
    return state_ ? state_->logs.get() : nullptr;
}

bool Gateway::loadApiToken(QString *error) {
    const QString path =
        options_.apiTokenFile.isEmpty() ? ApiToken::defaultPath() : options_.apiTokenFile;
    QString problem;
    std::optional<ApiToken> token = ApiToken::loadOrCreate(path, &problem);
    if (!token) {
        // Beyond loopback nobody could learn the token: refuse to start.
        if (apiTokenRequired()) {
            if (error)
                *error = QStringLiteral("cannot listen on %1 without an API token: %2")
                             .arg(options_.host.toString(), problem);
            return false;
        }
        qWarning().noquote() << QStringLiteral(
                                    "API token not stored (%1); this run uses a token kept in "
                                    "memory, shown in the panel")
                                    .arg(problem);
        token = ApiToken::generate();
    }
    token_ = std::make_shared<const ApiToken>(*token);
    return true;
}

void Gateway::stop(int graceMs) {
    if (!server_) return;
    state_->stopping = true;
    server_->stopAccepting();
    QDeadlineTimer deadline(graceMs);
    while (server_->activeExchanges() > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(5);
    }
    if (const auto &hooks = state_->hookThreads) {
        // A request whose hooks are out on a hook thread comes back to its
        // worker: the workers must outlive it. Hooks that block hold up the
        // stop as long as they block (as they would on a worker thread).
        hooks->close();
        while (hooks->inFlight() > 0) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            QThread::msleep(1);
        }
    }
    server_->stop();
    server_.reset();
    // The host stops following the store before it unloads everything.
    if (state_) state_->reconciler = nullptr;
    reconciler_.reset();
    plugins_.reset();  // cleanup() for every plugin, after the last request
    mcp_.reset();      // every MCP server's process ended, waited for
    if (state_) state_->models = nullptr;
    models_.reset();       // listings still out are abandoned
    configStore_.reset();  // finishes the writes in progress
    liveGateways.fetch_sub(1);
    if (state_ && state_->logs) state_->logs->flush();  // what was acknowledged is written
    emit stopped();
}

bool Gateway::isRunning() const {
    return server_ != nullptr;
}

quint16 Gateway::port() const {
    return server_ ? server_->port() : 0;
}

QString Gateway::baseUrl() const {
    QString host = options_.host.toString();
    if (options_.host.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

Metrics::Snapshot Gateway::metrics() const {
    return state_ ? state_->metrics.snapshot() : Metrics::Snapshot{};
}

void Gateway::setInferencePaused(bool paused) {
    pausedBeforeStart_.store(paused);
    if (state_) state_->inferencePaused.store(paused);
}

bool Gateway::inferencePaused() const {
    return state_ ? state_->inferencePaused.load() : pausedBeforeStart_.load();
}

int Gateway::activeRequests() const {
    return server_ ? server_->activeExchanges() : 0;
}

QString Gateway::apiToken() const {
    return token_ ? QString::fromLatin1(token_->value()) : QString();
}

QString Gateway::apiTokenFile() const {
    return token_ ? token_->path() : QString();
}

QString Gateway::unixSocketPath() const {
    return server_ ? server_->unixSocketPath() : QString();
}

ClientConfig::LocalTrust Gateway::localTrust() const {
    return state_ ? state_->guard->localTrust().mode() : config_->client.localTrust;
}

uint Gateway::ownerUid() const {
    return state_ ? state_->guard->localTrust().ownerUid() : uint(::geteuid());
}

bool Gateway::apiTokenRequired() const {
    return !options_.host.isLoopback();
}

}  // namespace gatehouse
