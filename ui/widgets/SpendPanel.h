#pragma once

#include <QGroupBox>
#include <QJsonObject>

class QLabel;
class QTimer;

namespace gatehouse {

class GatewayController;
class Sparkline;

// What the requests cost: today and this month (local calendar), spend per
// day of the month as a chart, and where it went by provider, model and
// virtual key. Read from the request log's stats (the spend sums only, no
// latency percentiles) when the page shows and every half minute.
class SpendPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit SpendPanel(GatewayController *controller, QWidget *parent = nullptr);

    void refresh();
    QString todayText() const;
    QString monthText() const;
    QString breakdownText() const;
    Sparkline *chart() const { return chart_; }

signals:
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showMonth(const QJsonObject &stats);
    static QString promptCacheSavings(const QJsonObject &stats);

    GatewayController *controller_;
    QLabel *today_;
    QLabel *month_;
    QLabel *breakdown_;
    Sparkline *chart_;
    QTimer *timer_;
};

}  // namespace gatehouse
