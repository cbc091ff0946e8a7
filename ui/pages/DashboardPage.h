#pragma once

#include <QHash>
#include <QWidget>
#include <deque>
#include <utility>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace gatehouse {

class ChatProbe;
class ConnectPanel;
class GatewayController;
class MetricsSampler;
class Sparkline;
class SpendPanel;

// The gateway at a glance: requests/s, p50/p99 latency, error rate and the
// busiest providers over the last minutes, live; and a button that sends a
// sample chat completion through the gateway and shows the answer; the base
// URLs and each agent's settings to connect it (ConnectPanel); what the
// requests cost today and this month (SpendPanel).
class DashboardPage : public QWidget {
    Q_OBJECT
public:
    DashboardPage(GatewayController *controller, MetricsSampler *sampler,
                  QWidget *parent = nullptr);

    QPushButton *testButton() const { return test_; }
    QString testAnswer() const;
    Sparkline *requestsChart() const { return rps_; }
    Sparkline *p50Chart() const { return p50_; }
    QString topText() const;
    ConnectPanel *connectPanel() const { return connect_; }
    SpendPanel *spendPanel() const { return spend_; }

signals:
    void testFinished(bool ok);

private:
    void refresh();
    // Counts the models of requests the log's live feed has seen since the
    // last call, keeping the last five minutes.
    QHash<QString, quint64> recentModels();
    void sendTestRequest();

    GatewayController *controller_;
    MetricsSampler *sampler_;
    Sparkline *rps_, *p50_, *p99_, *errors_;
    QLabel *top_;
    QLabel *welcome_;
    QPushButton *test_;
    QPlainTextEdit *answer_;
    ChatProbe *probe_;
    ConnectPanel *connect_;
    SpendPanel *spend_;
    QGroupBox *topBox_;
    qint64 feedSeq_ = 0;
    const void *feedOf_ = nullptr;  // the store the cursor belongs to
    // Requests per model, one bucket per second (bounded however busy it is).
    std::deque<std::pair<qint64, QHash<QString, quint64>>> recent_;
};

}  // namespace gatehouse
