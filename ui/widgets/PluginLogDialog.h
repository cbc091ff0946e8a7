#pragma once

#include "plugins/PluginManager.h"

#include <QDialog>
#include <QPointer>

class QPlainTextEdit;
class QTimer;

namespace gatehouse {

// One plugin's log (the host keeps the last lines of each plugin), following
// new lines while open.
class PluginLogDialog : public QDialog {
    Q_OBJECT
public:
    PluginLogDialog(PluginManager *manager, const QString &plugin, QWidget *parent = nullptr);

    QString text() const;

private:
    void poll();

    QPointer<PluginManager> manager_;
    QString plugin_;
    qint64 lastId_ = 0;
    QPlainTextEdit *view_;
    QTimer *timer_;
};

}  // namespace gatehouse
