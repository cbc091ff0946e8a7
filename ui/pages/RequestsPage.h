#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace gatehouse {

class GatewayController;
class LogStore;
class RequestDetail;
class RequestTableModel;

// The requests: live from the log store's feed (newest first), or page by
// page through the store with filters; the selected one's trace, bodies and
// plugin log lines below. The GUI never waits on the store: the feed is
// polled on a timer, queries answer asynchronously.
class RequestsPage : public QWidget {
    Q_OBJECT
public:
    explicit RequestsPage(GatewayController *controller, QWidget *parent = nullptr);

    RequestTableModel *model() const { return model_; }
    QTableView *table() const { return table_; }
    RequestDetail *detail() const { return detail_; }
    QLineEdit *textFilter() const { return text_; }
    QComboBox *statusFilter() const { return status_; }
    // Requests that cost at least an amount (item data: USD; -1: any).
    QComboBox *costFilter() const { return cost_; }
    QToolButton *liveButton() const { return live_; }
    // Shows one request (from the hook log, say): selects it if listed,
    // and loads its stored record.
    void openRequest(const QString &id);
    // Moves what the live feed has into the list now (the timer does too).
    void pollFeed();
    // Runs the store query for the current filters and page (not live).
    void query();
    bool isLive() const;
    QString pageText() const;

signals:
    void recordShown(const QString &id);

private:
    void attach();
    bool matchesFilter(const QJsonObject &row) const;
    void loadRecord(const QString &id, int attemptsLeft);
    void onSelection();

    GatewayController *controller_;
    LogStore *store_ = nullptr;
    qint64 nextSeq_ = 0;
    QString currentId_;  // the request the detail pane is for
    int offset_ = 0;
    qint64 total_ = 0;
    RequestTableModel *model_;
    QTableView *table_;
    RequestDetail *detail_;
    QLineEdit *text_;
    QComboBox *status_;
    QComboBox *cost_;
    QToolButton *live_, *older_, *newer_;
    QLabel *page_;
    QLabel *empty_;
    QTimer *timer_;
};

}  // namespace gatehouse
