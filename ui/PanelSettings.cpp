#include "PanelSettings.h"

#include <QSettings>
#include <memory>

namespace gatehouse {

namespace {
const char *const kHost = "gateway/host";
const char *const kPort = "gateway/port";
const char *const kLogging = "log/enabled";
const char *const kContent = "log/contentLogging";
const char *const kRetention = "log/retentionDays";
const char *const kStore = "log/store";
const char *const kTray = "panel/keepRunningInTray";
const char *const kDayThreshold = "spend/dayThresholdUsd";
const char *const kSessionThreshold = "spend/sessionThresholdUsd";
const char *const kGeometry = "window/geometry";
const char *const kState = "window/state";

// ~/.config/gatehouse/panel.conf: the panel's file, apart from the gateway's config.
std::unique_ptr<QSettings> store() {
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope,
                                       QStringLiteral("gatehouse"), QStringLiteral("panel"));
}
}  // namespace

bool PanelSettings::hasAddress() const {
    return store()->contains(QLatin1String(kPort));
}

QHostAddress PanelSettings::host() const {
    return QHostAddress(
        store()->value(QLatin1String(kHost), QStringLiteral("127.0.0.1")).toString());
}

quint16 PanelSettings::port() const {
    return quint16(store()->value(QLatin1String(kPort), 8080).toUInt());
}

void PanelSettings::setAddress(const QHostAddress &host, quint16 port) {
    const auto s = store();
    s->setValue(QLatin1String(kHost), host.toString());
    s->setValue(QLatin1String(kPort), port);
}

bool PanelSettings::hasLogSettings() const {
    return store()->contains(QLatin1String(kLogging));
}

GatewayController::LogSettings PanelSettings::logSettings() const {
    const auto s = store();
    GatewayController::LogSettings log;
    log.enabled = s->value(QLatin1String(kLogging), log.enabled).toBool();
    log.contentLogging = s->value(QLatin1String(kContent), log.contentLogging).toBool();
    log.retentionDays = s->value(QLatin1String(kRetention), log.retentionDays).toInt();
    log.store = s->value(QLatin1String(kStore), log.store).toString();
    return log;
}

void PanelSettings::setLogSettings(const GatewayController::LogSettings &log) {
    const auto s = store();
    s->setValue(QLatin1String(kLogging), log.enabled);
    s->setValue(QLatin1String(kContent), log.contentLogging);
    s->setValue(QLatin1String(kRetention), log.retentionDays);
    s->setValue(QLatin1String(kStore), log.store);
}

bool PanelSettings::keepRunningInTray() const {
    return store()->value(QLatin1String(kTray), true).toBool();
}

void PanelSettings::setKeepRunningInTray(bool keep) {
    store()->setValue(QLatin1String(kTray), keep);
}

double PanelSettings::dayThresholdUsd() const {
    return qMax(0.0, store()->value(QLatin1String(kDayThreshold), 0.0).toDouble());
}

double PanelSettings::sessionThresholdUsd() const {
    return qMax(0.0, store()->value(QLatin1String(kSessionThreshold), 0.0).toDouble());
}

void PanelSettings::setSpendThresholds(double dayUsd, double sessionUsd) {
    const auto s = store();
    s->setValue(QLatin1String(kDayThreshold), dayUsd);
    s->setValue(QLatin1String(kSessionThreshold), sessionUsd);
}

QByteArray PanelSettings::windowGeometry() const {
    return store()->value(QLatin1String(kGeometry)).toByteArray();
}

QByteArray PanelSettings::windowState() const {
    return store()->value(QLatin1String(kState)).toByteArray();
}

void PanelSettings::setWindow(const QByteArray &geometry, const QByteArray &state) {
    const auto s = store();
    s->setValue(QLatin1String(kGeometry), geometry);
    s->setValue(QLatin1String(kState), state);
}

}  // namespace gatehouse
