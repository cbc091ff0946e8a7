#include "GatewayController.h"

#include "PortOwner.h"

#include <QJsonObject>
#include <QTcpServer>

namespace gatehouse {

namespace {
// The first port after `port` this address can listen on, 0 if none of the next 100.
quint16 freePortAfter(const QHostAddress &host, quint16 port) {
    for (quint32 p = quint32(port) + 1; p <= quint32(port) + 100 && p <= 65535; ++p) {
        QTcpServer probe;
        if (probe.listen(host, quint16(p))) return quint16(p);
    }
    return 0;
}
}  // namespace

GatewayController::GatewayController(GatewayConfig config, GatewayOptions options, QObject *parent)
    : QObject(parent),
      config_(std::move(config)),
      options_(options),
      gateway_(std::make_unique<Gateway>(config_, options_)) {}

GatewayController::~GatewayController() {
    stop();
}

int GatewayController::graceMs() const {
    return config_.client.shutdownGraceMs;
}

bool GatewayController::start() {
    if (gateway_->isRunning()) return true;
    QString error;
    if (!gateway_->start(&error)) {
        const QString owner = describePortOwner(options_.port);
        lastError_ = owner.isEmpty() ? error : QStringLiteral("%1 — held by %2").arg(error, owner);
        // Offer a way out rather than only the failure.
        if (options_.port != 0 && error.contains(QLatin1String("in use"))) {
            if (const quint16 free = freePortAfter(options_.host, options_.port))
                lastError_ += tr(". Port %1 is free: choose it in Settings.").arg(free);
        }
        emit startFailed(lastError_);
        return false;
    }
    lastError_.clear();
    emit started();
    return true;
}

void GatewayController::stop() {
    if (!gateway_->isRunning()) return;
    gateway_->stop(graceMs());
    emit stopped();
}

bool GatewayController::restart() {
    stop();
    return start();
}

bool GatewayController::setAddress(const QHostAddress &host, quint16 port) {
    stop();
    options_.host = host;
    options_.port = port;
    gateway_ = std::make_unique<Gateway>(config_, options_);
    emit gatewayChanged();
    return start();
}

}  // namespace gatehouse

namespace gatehouse {

GatewayController::LogSettings GatewayController::logSettings() const {
    LogSettings s;
    s.enabled = config_.client.enableLogging;
    s.contentLogging = !config_.client.disableContentLogging;
    s.retentionDays = config_.client.logRetentionDays;
    s.store = options_.store.isEmpty() ? config_.store : options_.store;
    return s;
}

void GatewayController::applyLogSettings(const LogSettings &settings, GatewayConfig *config,
                                         GatewayOptions *options) {
    config->client.enableLogging = settings.enabled;
    config->client.disableContentLogging = !settings.contentLogging;
    config->client.logRetentionDays = settings.retentionDays;
    // The gateway builds its running config from the document (merged with
    // the config store), so the change goes there too.
    QJsonObject client = config->document.value(QStringLiteral("client")).toObject();
    client.insert(QStringLiteral("enable_logging"), settings.enabled);
    client.insert(QStringLiteral("disable_content_logging"), !settings.contentLogging);
    client.insert(QStringLiteral("log_retention_days"), settings.retentionDays);
    config->document.insert(QStringLiteral("client"), client);
    options->store = settings.store;
}

bool GatewayController::setLogSettings(const LogSettings &settings) {
    stop();
    applyLogSettings(settings, &config_, &options_);
    gateway_ = std::make_unique<Gateway>(config_, options_);
    emit gatewayChanged();
    return start();
}

}  // namespace gatehouse
