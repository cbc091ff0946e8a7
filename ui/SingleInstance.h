#pragma once

#include <QObject>

class QLocalServer;

namespace gatehouse {

// One panel per user: the first launch listens on a local socket; a second
// launch finds it, asks it to come forward and exits, instead of starting a
// second gateway. Main thread.
class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString &name, QObject *parent = nullptr);

    // True when another instance answered (it was asked to show itself).
    bool notifyRunning();
    // Become the instance the next launches find.
    bool listen();

signals:
    void activationRequested();

private:
    QString name_;
    QLocalServer *server_ = nullptr;
};

// The socket name for this user ("gatehouse-panel-<user>").
QString singleInstanceName();

}  // namespace gatehouse
