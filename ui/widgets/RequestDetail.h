#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QNetworkAccessManager;
class QPushButton;
class QTabWidget;

namespace gatehouse {

class GatewayController;
class JsonEditor;
class TraceWaterfall;

// One request in full: a summary line, its trace as a waterfall, the
// request and response JSON pretty-printed, its plugin log lines, and
// "Copy as curl" and "Replay" (sends the same body through the gateway).
class RequestDetail : public QWidget {
    Q_OBJECT
public:
    explicit RequestDetail(GatewayController *controller, QWidget *parent = nullptr);
    QString summaryText() const;

    // A row as the list has it (spans, no bodies), then the stored record.
    void showSummary(const QJsonObject &row);
    void showRecord(const QJsonObject &record);
    void showNote(const QString &note);

    QString curl() const;
    TraceWaterfall *waterfall() const { return waterfall_; }
    QString requestText() const;
    QString responseText() const;
    QPushButton *replayButton() const { return replay_; }

signals:
    void replayed(int status);

private:
    static QString spendLine(const QJsonObject &row);
    static QString cacheLine(const QJsonObject &row);
    static QString contextLine(const QJsonObject &row);
    void replay();

    GatewayController *controller_;
    QJsonObject record_;
    QLabel *summary_;
    TraceWaterfall *waterfall_;
    QTabWidget *tabs_;
    JsonEditor *request_, *response_, *logs_;
    QPushButton *copy_, *replay_;
    QNetworkAccessManager *network_;
};

}  // namespace gatehouse
