#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QVarLengthArray>
#include <atomic>
#include <map>

namespace gatehouse {

// The event dispatcher of the HTTP worker threads: epoll instead of Qt's
// ppoll-based QEventDispatcherUNIX. Qt's dispatcher rebuilds its pollfd array
// from a hash of every socket notifier on each pass and the kernel then polls
// each of those sockets again, so a worker with N connections pays O(N) per
// wake-up, twice; epoll keeps the interest list in the kernel and reports
// only the ready sockets. Timers are kept in deadline order (O(log n) to
// start or stop), and timer and socket events are delivered exactly as Qt's
// dispatcher delivers them (QTimerEvent, QEvent::SockAct), so QTimer,
// QSocketNotifier and queued calls work unchanged.
class EpollEventDispatcher final : public QAbstractEventDispatcher {
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Notifiers {
        QSocketNotifier *byType[3] = {nullptr, nullptr, nullptr};  // Read, Write, Exception
        bool inKernel = false;
    };
    struct Timer {
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 dueNs;
        quint64 serial;  // tells a re-used timer id from the one it replaced
    };

    void updateInterest(int fd, Notifiers &entry);
    int activateTimers();
    static constexpr int kMaxEvents = 128;  // per epoll_wait; more wait for the next pass
    using ReadySockets = QVarLengthArray<std::pair<int, quint32>, kMaxEvents>;
    int activateNotifiers(const ReadySockets &ready);
    int waitTimeoutMs() const;

    int epollFd_ = -1;
    int wakeFd_ = -1;
    std::atomic<bool> wakePending_{false};
    std::atomic<bool> interrupted_{false};
    QHash<int, Notifiers> notifiers_;
    QHash<int, Timer> timers_;
    std::map<std::pair<qint64, int>, quint64> timersByDue_;  // (due ns, id) -> serial
    quint64 nextSerial_ = 1;
};

}  // namespace gatehouse
