#pragma once

#include <QObject>

class QSocketNotifier;

namespace gatehouse {

// Turns SIGINT/SIGTERM into a Qt signal on the main thread (self-pipe), so
// shutdown runs as ordinary code rather than inside a signal handler.
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *notifier_;
};

}  // namespace gatehouse
