#pragma once

#include <QDate>
#include <QHash>
#include <QObject>
#include <QString>

class QTimer;

namespace gatehouse {

class GatewayController;

// Today's spend and the current agent session's, read from the request log
// (asynchronously, on a timer), for the tray icon; and the spend thresholds
// of the Settings page (PanelSettings), each announced once when crossed:
// the day's once per day, the session's once per session.
class SpendMeter : public QObject {
    Q_OBJECT
public:
    struct Reading {
        bool logged = false;  // false: the request log is off (nothing known)
        double todayUsd = 0;  // since local midnight
        // The session with the latest turn in the last 30 minutes (none: empty id).
        QString sessionId;
        QString sessionAgent;  // "claude-code", ...
        double sessionUsd = 0;
    };

    explicit SpendMeter(GatewayController *controller, QObject *parent = nullptr);

    // Reads again now (also every half minute); updated() follows.
    void refresh();
    const Reading &reading() const { return reading_; }
    // "Today $1.23 · Session (Claude Code) $0.40"; empty when the log is off.
    static QString summary(const Reading &reading);

signals:
    void updated();
    // A threshold was crossed: what to tell the user (a native notification).
    void thresholdCrossed(const QString &title, const QString &message);

private:
    void readSession(int generation, Reading reading);
    void readSessionTotal(int generation, Reading reading);
    void publish(const Reading &reading);
    void checkThresholds();

    GatewayController *controller_;
    QTimer *timer_;
    Reading reading_;
    // Bumped by every refresh so a slower, older read does not overwrite a newer one.
    int generation_ = 0;
    // What was announced: the day (and the threshold then), and per session
    // the threshold — a raised threshold is announced again when crossed.
    QDate dayAnnounced_;
    double dayThresholdAnnounced_ = 0;
    QHash<QString, double> sessionsAnnounced_;
};

}  // namespace gatehouse
