#pragma once

#include <QMainWindow>

class QLabel;
class QTimer;

namespace gatehouse {

class Gateway;

// The control panel's main window. For now: where the gateway listens and
// its live counters; pages for plugins, logs and providers come later.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Gateway *gateway, QWidget *parent = nullptr);

private:
    void refresh();

    Gateway *gateway_;
    QLabel *url_;
    QLabel *counters_;
    QTimer *timer_;
};

}  // namespace gatehouse
