#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace gatehouse {

class GatewayController;
class PanelSettings;
class SpendThresholdsBox;

// Where the gateway listens and how the panel behaves. Changing the address
// restarts the gateway there and says plainly when the port is taken.
class SettingsPage : public QWidget {
    Q_OBJECT
public:
    SettingsPage(GatewayController *controller, PanelSettings *settings, QWidget *parent = nullptr);

    QLineEdit *hostEdit() const { return host_; }
    QSpinBox *portEdit() const { return port_; }
    QPushButton *applyButton() const { return apply_; }
    QString message() const;
    bool applyAddress();
    bool applyLogSettings();
    QCheckBox *contentLoggingBox() const { return content_; }
    QCheckBox *loggingBox() const { return logging_; }
    QSpinBox *retentionEdit() const { return retention_; }
    QLineEdit *storeEdit() const { return store_; }
    QPushButton *logApplyButton() const { return logApply_; }
    QCheckBox *trayBox() const { return tray_; }
    SpendThresholdsBox *thresholdsBox() const { return thresholds_; }
    // The API token as the page shows it (hidden until "Show").
    QLineEdit *tokenEdit() const { return token_; }
    // Who uses the gateway without the token (client.local_trust), and the
    // Unix socket, as the page says it.
    QString localTrustText() const;

private:
    void loadFromGateway();

    GatewayController *controller_;
    PanelSettings *settings_;
    QLineEdit *host_;
    QSpinBox *port_;
    QPushButton *apply_;
    QLabel *message_;
    QCheckBox *tray_;
    QCheckBox *logging_, *content_;
    QSpinBox *retention_;
    QLineEdit *store_;
    QPushButton *logApply_;
    QLabel *logMessage_;
    QLineEdit *token_;
    QLabel *tokenNote_;
    QLabel *localTrust_;
    SpendThresholdsBox *thresholds_;
};

}  // namespace gatehouse
