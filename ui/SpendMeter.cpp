#include "SpendMeter.h"

#include "AgentNames.h"
#include "Gateway.h"
#include "GatewayController.h"
#include "PanelSettings.h"
#include "models/RequestTableModel.h"
#include "store/LogStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace gatehouse {

namespace {

constexpr int kRefreshMs = 30 * 1000;
// A session with no turn for this long is not "current" any more.
constexpr qint64 kCurrentSessionMs = 30 * 60 * 1000;

QString usd(double v) {
    return RequestTableModel::costText(QJsonValue(v));
}

}  // namespace

SpendMeter::SpendMeter(GatewayController *controller, QObject *parent)
    : QObject(parent), controller_(controller), timer_(new QTimer(this)) {
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &SpendMeter::refresh);
    connect(controller_, &GatewayController::started, this, &SpendMeter::refresh);
    timer_->start();
    refresh();
}

QString SpendMeter::summary(const Reading &r) {
    if (!r.logged) return QString();
    QString text = tr("Today %1").arg(usd(r.todayUsd));
    if (!r.sessionId.isEmpty())
        text += QStringLiteral(" · ") +
                tr("Session (%1) %2").arg(agentTitle(r.sessionAgent), usd(r.sessionUsd));
    return text;
}

// Three reads in a row: today's total, the current session, its whole total
// (the session may have begun before the 30 minutes looked at).
void SpendMeter::refresh() {
    const int generation = ++generation_;
    LogStore *logs = controller_->gateway()->logs();
    if (!logs) return publish(Reading{});
    const QDateTime now = QDateTime::currentDateTime();
    LogReader::StatsWindow today;
    today.sinceMs = QDateTime(now.date(), QTime(0, 0)).toMSecsSinceEpoch();
    today.untilMs = now.toMSecsSinceEpoch() + 1;
    today.latency = false;
    logs->stats(this, today,
                [this, generation](bool ok, const QJsonObject &stats, const QString &) {
                    if (!ok || generation != generation_) return;
                    Reading r;
                    r.logged = true;
                    r.todayUsd = stats.value(QLatin1String("total"))
                                     .toObject()
                                     .value(QLatin1String("cost_usd"))
                                     .toDouble();
                    readSession(generation, r);
                });
}

void SpendMeter::readSession(int generation, Reading reading) {
    LogStore *logs = controller_->gateway()->logs();
    if (!logs) return publish(reading);
    SessionReader::Filter filter;
    filter.untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    filter.sinceMs = filter.untilMs - kCurrentSessionMs;
    filter.limit = 1;
    logs->sessions(
        this, filter,
        [this, generation, reading](bool ok, const QJsonArray &rows, const QString &) mutable {
            if (generation != generation_) return;
            if (!ok || rows.isEmpty()) return publish(reading);
            const QJsonObject s = rows.first().toObject();
            reading.sessionId = s.value(QLatin1String("id")).toString();
            reading.sessionAgent = s.value(QLatin1String("agent")).toString();
            readSessionTotal(generation, reading);
        });
}

void SpendMeter::readSessionTotal(int generation, Reading reading) {
    LogStore *logs = controller_->gateway()->logs();
    if (!logs) return publish(reading);
    SessionReader::Filter filter;
    filter.sessionId = reading.sessionId;
    filter.sinceMs = 0;
    filter.untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    filter.limit = 1;
    logs->sessions(
        this, filter,
        [this, generation, reading](bool ok, const QJsonArray &rows, const QString &) mutable {
            if (generation != generation_) return;
            if (ok && !rows.isEmpty())
                reading.sessionUsd =
                    rows.first().toObject().value(QLatin1String("cost_usd")).toDouble();
            publish(reading);
        });
}

void SpendMeter::publish(const Reading &reading) {
    reading_ = reading;
    checkThresholds();
    emit updated();
}

void SpendMeter::checkThresholds() {
    if (!reading_.logged) return;
    const PanelSettings settings;
    const double day = settings.dayThresholdUsd();
    const QDate today = QDate::currentDate();
    if (day > 0 && reading_.todayUsd >= day &&
        !(dayAnnounced_ == today && dayThresholdAnnounced_ == day)) {
        dayAnnounced_ = today;
        dayThresholdAnnounced_ = day;
        emit thresholdCrossed(
            tr("Gatehouse: %1 spent today").arg(usd(reading_.todayUsd)),
            tr("Today's spend passed your threshold of %1. Pause agents from the tray menu "
               "to stop new requests; click to open Gatehouse.")
                .arg(usd(day)));
    }
    const double session = settings.sessionThresholdUsd();
    if (session > 0 && !reading_.sessionId.isEmpty() && reading_.sessionUsd >= session &&
        sessionsAnnounced_.value(reading_.sessionId, 0) != session) {
        sessionsAnnounced_.insert(reading_.sessionId, session);
        emit thresholdCrossed(
            tr("Gatehouse: %1 spent in this %2 session")
                .arg(usd(reading_.sessionUsd), agentTitle(reading_.sessionAgent)),
            tr("The session's spend passed your threshold of %1. Pause agents from the tray "
               "menu to stop new requests; click to open Gatehouse.")
                .arg(usd(session)));
    }
}

}  // namespace gatehouse
