#include "EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <cerrno>
#include <climits>
#include <cstring>

namespace gatehouse {

namespace {

qint64 nowNs() {
    return QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs();  // the monotonic clock
}

constexpr quint32 kReadyFor[3] = {
    // Like Qt's dispatcher: a hang-up or an error wakes every notifier of the
    // socket, so its owner reads or writes and learns what happened.
    EPOLLIN | EPOLLHUP | EPOLLERR,   // Read
    EPOLLOUT | EPOLLHUP | EPOLLERR,  // Write
    EPOLLPRI | EPOLLHUP | EPOLLERR,  // Exception
};
constexpr quint32 kInterest[3] = {EPOLLIN, EPOLLOUT, EPOLLPRI};

}  // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent) {
    epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epollFd_ < 0 || wakeFd_ < 0)
        qFatal("EpollEventDispatcher: cannot create epoll or eventfd: %s", strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wakeFd_;
    ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher() {
    ::close(wakeFd_);
    ::close(epollFd_);
}

void EpollEventDispatcher::updateInterest(int fd, Notifiers &entry) {
    quint32 events = 0;
    for (int t = 0; t < 3; ++t)
        if (entry.byType[t]) events |= kInterest[t];
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    if (events == 0) {
        // The socket may already be closed (the kernel then dropped it from
        // the interest list itself): an error here changes nothing.
        if (entry.inKernel) ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, &ev);
        entry.inKernel = false;
        return;
    }
    if (entry.inKernel && ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, fd, &ev) == 0) return;
    // Not known to the kernel (first notifier, or the descriptor number was
    // closed and reused since): add it.
    if (::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) == 0 ||
        (errno == EEXIST && ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, fd, &ev) == 0)) {
        entry.inKernel = true;
        return;
    }
    qWarning("EpollEventDispatcher: cannot watch socket %d: %s", fd, strerror(errno));
    entry.inKernel = false;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier) {
    const int fd = int(notifier->socket());
    Notifiers &entry = notifiers_[fd];
    entry.byType[notifier->type()] = notifier;
    updateInterest(fd, entry);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier) {
    const int fd = int(notifier->socket());
    auto it = notifiers_.find(fd);
    if (it == notifiers_.end() || it->byType[notifier->type()] != notifier) return;
    it->byType[notifier->type()] = nullptr;
    updateInterest(fd, *it);
    if (!it->inKernel) notifiers_.erase(it);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object) {
    const Timer timer{interval, timerType, object, nowNs() + interval * 1'000'000, nextSerial_++};
    timers_.insert(timerId, timer);
    timersByDue_.emplace(std::make_pair(timer.dueNs, timerId), timer.serial);
}

bool EpollEventDispatcher::unregisterTimer(int timerId) {
    const auto it = timers_.constFind(timerId);
    if (it == timers_.constEnd()) return false;
    timersByDue_.erase(std::make_pair(it->dueNs, timerId));
    timers_.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object) {
    bool any = false;
    for (auto it = timers_.begin(); it != timers_.end();) {
        if (it->object == object) {
            timersByDue_.erase(std::make_pair(it->dueNs, it.key()));
            it = timers_.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const {
    QList<TimerInfo> list;
    for (auto it = timers_.cbegin(); it != timers_.cend(); ++it)
        if (it->object == object) list.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId) {
    const auto it = timers_.constFind(timerId);
    if (it == timers_.constEnd()) return -1;
    return int(qMax<qint64>(0, (it->dueNs - nowNs()) / 1'000'000));
}

// Thread-safe: any thread posting an event to this one calls it.
void EpollEventDispatcher::wakeUp() {
    if (!wakePending_.exchange(true, std::memory_order_acq_rel)) {
        const eventfd_t one = 1;
        ::eventfd_write(wakeFd_, one);
    }
}

void EpollEventDispatcher::interrupt() {
    interrupted_.store(true, std::memory_order_release);
    wakeUp();
}

int EpollEventDispatcher::waitTimeoutMs() const {
    if (timersByDue_.empty()) return -1;
    const qint64 left = timersByDue_.begin()->first.first - nowNs();
    if (left <= 0) return 0;
    return int(qMin<qint64>((left + 999'999) / 1'000'000, INT_MAX));  // never wake early
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags) {
    interrupted_.store(false, std::memory_order_relaxed);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool withTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool withNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool mayWait =
        (flags & QEventLoop::WaitForMoreEvents) && !interrupted_.load(std::memory_order_acquire);
    int timeoutMs = 0;
    if (mayWait) {
        timeoutMs = withTimers ? waitTimeoutMs() : -1;
        emit aboutToBlock();
    }
    if (interrupted_.load(std::memory_order_acquire)) return false;

    epoll_event events[kMaxEvents];
    int n = ::epoll_wait(epollFd_, events, kMaxEvents, timeoutMs);
    if (n < 0) n = 0;  // EINTR: a signal; the loop calls again

    ReadySockets ready;  // on the stack: no allocation per pass
    bool woken = false;
    for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wakeFd_) {
            eventfd_t count;
            ::eventfd_read(wakeFd_, &count);
            wakePending_.store(false, std::memory_order_release);
            woken = true;
        } else if (withNotifiers) {
            ready.emplace_back(int(events[i].data.fd), quint32(events[i].events));
        }
    }
    int delivered = 0;
    if (withTimers) delivered += activateTimers();
    delivered += activateNotifiers(ready);
    return delivered > 0 || woken;
}

// Each due timer fires once per pass; a timer started meanwhile waits for
// the next pass, as with Qt's dispatcher.
int EpollEventDispatcher::activateTimers() {
    if (timersByDue_.empty()) return 0;
    const qint64 now = nowNs();
    QVarLengthArray<std::pair<int, quint64>, 32> due;
    for (auto it = timersByDue_.begin(); it != timersByDue_.end() && it->first.first <= now; ++it)
        due.emplace_back(it->first.second, it->second);
    for (const auto &[id, serial] : due) {
        auto it = timers_.find(id);
        if (it == timers_.end() || it->serial != serial) continue;  // stopped (or re-used) since
        timersByDue_.erase(std::make_pair(it->dueNs, id));
        it->dueNs = now + it->intervalMs * 1'000'000;
        timersByDue_.emplace(std::make_pair(it->dueNs, id), serial);
        QTimerEvent event(id);
        QCoreApplication::sendEvent(it->object, &event);
    }
    return int(due.size());
}

// Looked up again right before each delivery: an earlier delivery in this
// pass may have disabled or deleted a notifier.
int EpollEventDispatcher::activateNotifiers(const ReadySockets &ready) {
    int delivered = 0;
    for (const auto &[fd, revents] : ready) {
        for (int t = 0; t < 3; ++t) {
            if (!(revents & kReadyFor[t])) continue;
            const auto it = notifiers_.constFind(fd);
            if (it == notifiers_.constEnd()) break;
            QSocketNotifier *notifier = it->byType[t];
            if (!notifier) continue;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &event);
            ++delivered;
        }
    }
    return delivered;
}

}  // namespace gatehouse
