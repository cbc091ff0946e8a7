#include "StatusBar.h"

#include "GatewayController.h"
#include "MetricsSampler.h"
#include "store/LogStore.h"

#include <QApplication>
#include <QClipboard>
#include <QIcon>
#include <QLabel>
#include <QToolButton>

namespace gatehouse {

StatusBar::StatusBar(GatewayController *controller, MetricsSampler *sampler, QWidget *parent)
    : QStatusBar(parent),
      controller_(controller),
      sampler_(sampler),
      state_(new QLabel(this)),
      url_(new QLabel(this)),
      copy_(new QToolButton(this)),
      rate_(new QLabel(this)),
      errors_(new QLabel(this)),
      inFlight_(new QLabel(this)),
      drops_(new QLabel(this)) {
    setObjectName(QStringLiteral("statusBar"));
    url_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    copy_->setIcon(QIcon(QStringLiteral(":/gatehouse/icons/copy.svg")));
    copy_->setToolTip(tr("Copy the OpenAI base URL"));
    copy_->setAutoRaise(true);
    copy_->setObjectName(QStringLiteral("copyUrl"));
    connect(copy_, &QToolButton::clicked, this, [this] {
        QApplication::clipboard()->setText(controller_->gateway()->baseUrl() +
                                           QStringLiteral("/v1"));
        showMessage(tr("Copied %1/v1").arg(controller_->gateway()->baseUrl()), 3000);
    });
    addPermanentWidget(state_);
    addPermanentWidget(url_);
    addPermanentWidget(copy_);
    for (QLabel *l : {rate_, errors_, inFlight_}) {
        l->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("000.0 req/s ")));
        addPermanentWidget(l);
    }
    drops_->setToolTip(
        tr("Request log records dropped because the log queue was full (the "
           "requests themselves were served)"));
    addPermanentWidget(drops_);
    connect(sampler_, &MetricsSampler::sampled, this, &StatusBar::refresh);
    connect(controller_, &GatewayController::started, this, &StatusBar::refresh);
    connect(controller_, &GatewayController::stopped, this, &StatusBar::refresh);
    connect(controller_, &GatewayController::startFailed, this,
            [this](const QString &message) { showMessage(message); });
    refresh();
}

QString StatusBar::urlText() const {
    return url_->text();
}
QString StatusBar::stateText() const {
    return state_->text();
}
QString StatusBar::countersText() const {
    return rate_->text() + QLatin1Char(' ') + errors_->text() + QLatin1Char(' ') +
           inFlight_->text() + QLatin1Char(' ') + drops_->text();
}

void StatusBar::refresh() {
    const bool running = controller_->isRunning();
    // Colour plus words, so the state reads without colour too.
    state_->setText(running
                        ? QStringLiteral("<span style='color:#2e9d48'>●</span> ") + tr("Running")
                        : QStringLiteral("<span style='color:#c0392b'>●</span> ") + tr("Stopped"));
    url_->setText(running ? controller_->gateway()->baseUrl() : tr("not listening"));
    copy_->setEnabled(running);
    const MetricsSample s = sampler_->latest();
    rate_->setText(tr("%1 req/s").arg(s.requestsPerSecond, 0, 'f', 1));
    errors_->setText(tr("%1% errors").arg(s.errorRate * 100.0, 0, 'f', 1));
    inFlight_->setText(tr("%1 in flight").arg(s.inFlight));
    const LogStore *logs = controller_->gateway()->logs();
    drops_->setVisible(logs != nullptr);
    if (logs) drops_->setText(tr("%1 log drops").arg(logs->counters().dropped));
}

}  // namespace gatehouse
