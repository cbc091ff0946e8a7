#include "GatewayController.h"

#include "PortOwner.h"

namespace gatehouse {

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

bool GatewayController::setLogSettings(const LogSettings &settings) {
    stop();
    config_.client.enableLogging = settings.enabled;
    config_.client.disableContentLogging = !settings.contentLogging;
    config_.client.logRetentionDays = settings.retentionDays;
    options_.store = settings.store;
    gateway_ = std::make_unique<Gateway>(config_, options_);
    emit gatewayChanged();
    return start();
}

}  // namespace gatehouse
