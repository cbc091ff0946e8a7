#pragma once

#include <QJsonArray>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace gatehouse {

class CacheRatioChart;
class GatewayController;

// Coding-agent sessions from the request log (GET /api/sessions's data):
// per session its agent, models, turns, input tokens, prompt-cache hit
// ratio, cost and duration; the selected session's turns below, each with
// its cache reads, writes and uncached input, and a bar per turn of its hit
// ratio. Double-clicking a turn opens it on the Requests page. Refreshed
// every few seconds while shown. Main thread.
class SessionsPage : public QWidget {
    Q_OBJECT
public:
    enum SessionColumn {
        Agent,
        Session,
        Models,
        Turns,
        Input,
        CacheHit,
        Cost,
        Duration,
        LastActivity,
        SessionColumnCount
    };
    enum TurnColumn {
        Turn,
        Time,
        Model,
        Status,
        TurnInput,
        CacheRead,
        CacheWrite,
        Uncached,
        TurnHit,
        TurnCost,
        Latency,
        CacheMiss,  // why the turn missed the cache the turn before left (CacheWatch)
        TurnColumnCount
    };

    explicit SessionsPage(GatewayController *controller, QWidget *parent = nullptr);

    QTableWidget *sessionsTable() const { return sessions_; }
    QTableWidget *turnsTable() const { return turns_; }
    CacheRatioChart *chart() const { return chart_; }
    // "" while the table shows; else why it is empty.
    QString emptyText() const;
    QString selectedSession() const;
    void selectSession(const QString &id);
    // Asks the log again (asynchronous: refreshed() follows).
    void refresh();

signals:
    void refreshed();
    void turnsShown();
    void requestActivated(const QString &requestId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showSessions(const QJsonArray &rows);
    void loadTurns();
    void showTurns(const QJsonArray &turns);
    void markCutPrompt(int row, const QString &warning);

    GatewayController *controller_;
    QComboBox *agent_;
    QComboBox *window_;
    QTableWidget *sessions_;
    QTableWidget *turns_;
    CacheRatioChart *chart_;
    QLabel *empty_;
    QLabel *detail_;
    QTimer *timer_;
    QString shownTurnsOf_;
    quint64 generation_ = 0;  // of the last sessions query asked
};

}  // namespace gatehouse
