#pragma once

#include <QStatusBar>

class QLabel;
class QToolButton;

namespace gatehouse {

class GatewayController;
class MetricsSampler;

// The window's bottom line, always visible: where the gateway listens (with
// a copy button), running or stopped, requests/s, error rate, in-flight,
// and request-log records dropped because the log queue was full.
class StatusBar : public QStatusBar {
    Q_OBJECT
public:
    StatusBar(GatewayController *controller, MetricsSampler *sampler, QWidget *parent = nullptr);

    QString urlText() const;
    QString stateText() const;
    QString countersText() const;

private:
    void refresh();

    GatewayController *controller_;
    MetricsSampler *sampler_;
    QLabel *state_;
    QLabel *url_;
    QToolButton *copy_;
    QLabel *rate_;
    QLabel *errors_;
    QLabel *inFlight_;
    QLabel *drops_;
};

}  // namespace gatehouse
