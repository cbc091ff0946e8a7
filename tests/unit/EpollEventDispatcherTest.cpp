// EpollEventDispatcher, the HTTP workers' event dispatcher: Qt's timers,
// socket notifiers, queued calls and quitting must work on it exactly as
// on Qt's own dispatcher.
#include "net/EpollEventDispatcher.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>

#include <sys/socket.h>
#include <unistd.h>

namespace gatehouse {
namespace {

// A thread running an event loop on the dispatcher under test.
class EpollThread {
public:
    EpollThread() {
        thread_.setEventDispatcher(new EpollEventDispatcher);
        thread_.start();
        context_.moveToThread(&thread_);
    }
    ~EpollThread() {
        if (thread_.isRunning()) {
            // Objects made on the thread die there; the context comes back
            // to this thread before the other one ends.
            QThread *here = QThread::currentThread();
            run([this, here] {
                qDeleteAll(context_.children());
                context_.moveToThread(here);
            });
            thread_.quit();
            thread_.wait();
        }
    }
    // Runs `f` on the thread and waits for it.
    void run(const std::function<void()> &f) {
        QMetaObject::invokeMethod(&context_, f, Qt::BlockingQueuedConnection);
    }
    QObject *context() { return &context_; }
    QThread &thread() { return thread_; }

private:
    QThread thread_;
    QObject context_;
};

bool waitFor(const std::function<bool()> &done, int timeoutMs = 5000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs) return false;
        QThread::msleep(1);
    }
    return true;
}

TEST(EpollEventDispatcher, IsTheThreadsDispatcher) {
    EpollThread t;
    bool isEpoll = false;
    t.run([&] {
        isEpoll =
            dynamic_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()) != nullptr;
    });
    EXPECT_TRUE(isEpoll);
}

TEST(EpollEventDispatcher, QueuedCallsFromOtherThreadsRunInOrder) {
    EpollThread t;
    std::vector<int> seen;
    std::atomic<int> count{0};
    for (int i = 0; i < 1000; ++i)
        QMetaObject::invokeMethod(
            t.context(),
            [&, i] {
                seen.push_back(i);
                ++count;
            },
            Qt::QueuedConnection);
    ASSERT_TRUE(waitFor([&] { return count == 1000; }));
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(seen[size_t(i)], i);
}

TEST(EpollEventDispatcher, SingleShotAndRepeatingTimersFireAndStop) {
    EpollThread t;
    std::atomic<int> singleShots{0}, ticks{0};
    QTimer *repeating = nullptr;
    t.run([&] {
        QTimer::singleShot(20, t.context(), [&] { ++singleShots; });
        QTimer::singleShot(0, t.context(), [&] { ++singleShots; });
        repeating = new QTimer(t.context());
        QObject::connect(repeating, &QTimer::timeout, [&] {
            if (++ticks == 5) repeating->stop();
        });
        repeating->start(5);
    });
    ASSERT_TRUE(waitFor([&] { return singleShots == 2 && ticks == 5; }));
    // A 30 ms timer started now fires after the 5 ms one would have fired
    // several more times, had it not stopped.
    std::atomic<bool> later{false};
    t.run([&] { QTimer::singleShot(30, t.context(), [&] { later = true; }); });
    ASSERT_TRUE(waitFor([&] { return later.load(); }));
    EXPECT_EQ(ticks, 5);  // stopped from inside its own timeout
    EXPECT_EQ(singleShots, 2);
    bool active = true;
    t.run([&] { active = repeating->isActive(); });
    EXPECT_FALSE(active);
}

TEST(EpollEventDispatcher, TimerKnowsItsRemainingTimeAndIsListedForItsObject) {
    EpollThread t;
    int remaining = -2;
    qsizetype listed = -1;
    t.run([&] {
        auto *timer = new QTimer(t.context());
        timer->start(10'000);
        remaining = timer->remainingTime();
        listed = QAbstractEventDispatcher::instance()->registeredTimers(timer).size();
    });
    EXPECT_GT(remaining, 9'000);
    EXPECT_LE(remaining, 10'000);
    EXPECT_EQ(listed, 1);
}

TEST(EpollEventDispatcher, SocketNotifiersReportReadableAndWritable) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    EpollThread t;
    std::atomic<int> readable{0}, writable{0};
    QByteArray received;
    QSocketNotifier *reader = nullptr;
    t.run([&] {
        reader = new QSocketNotifier(fds[0], QSocketNotifier::Read, t.context());
        QObject::connect(reader, &QSocketNotifier::activated, [&] {
            char buf[64];
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n > 0) received.append(buf, n);
            ++readable;
        });
        auto *writer = new QSocketNotifier(fds[0], QSocketNotifier::Write, t.context());
        QObject::connect(writer, &QSocketNotifier::activated, [&, writer] {
            ++writable;
            writer->setEnabled(false);  // level-triggered: off once seen
        });
    });
    ASSERT_TRUE(waitFor([&] { return writable == 1; }));
    ASSERT_EQ(::write(fds[1], "ping", 4), 4);
    ASSERT_TRUE(waitFor([&] { return readable >= 1; }));
    t.run([&] { EXPECT_EQ(received, "ping"); });
    // Disabled: nothing is delivered any more.
    t.run([&] { reader->setEnabled(false); });
    const int before = readable;
    ASSERT_EQ(::write(fds[1], "more", 4), 4);
    // A marker socket made readable after it: the pass that reports the
    // marker would report the (level-triggered) reader too, were it enabled.
    int marker[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, marker), 0);
    std::atomic<bool> markerSeen{false};
    QSocketNotifier *markerNotifier = nullptr;
    t.run([&] {
        markerNotifier = new QSocketNotifier(marker[0], QSocketNotifier::Read, t.context());
        QObject::connect(markerNotifier, &QSocketNotifier::activated, [&] {
            markerSeen = true;
            markerNotifier->setEnabled(false);
        });
    });
    ASSERT_EQ(::write(marker[1], "m", 1), 1);
    ASSERT_TRUE(waitFor([&] { return markerSeen.load(); }));
    t.run([&] { delete markerNotifier; });  // and that pass is over
    for (int fd : marker) ::close(fd);
    EXPECT_EQ(readable, before);
    t.run([&] { reader->setEnabled(true); });
    ASSERT_TRUE(waitFor([&] { return readable > before; }));
    // The peer going away wakes the reader too.
    ::close(fds[1]);
    const int beforeClose = readable;
    ASSERT_TRUE(waitFor([&] { return readable > beforeClose; }));
    t.run([&] { delete reader; });
    ::close(fds[0]);
    EXPECT_EQ(writable, 1);
}

// A notifier deleted by another's handler in the same pass is never called.
TEST(EpollEventDispatcher, NotifierDeletedByAnEarlierOneInThePassIsNotCalled) {
    int a[2], b[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, a), 0);
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, b), 0);
    EpollThread t;
    std::atomic<int> firstCalls{0}, secondCalls{0};
    t.run([&] {
        auto *first = new QSocketNotifier(a[0], QSocketNotifier::Read, t.context());
        auto *second = new QSocketNotifier(b[0], QSocketNotifier::Read, t.context());
        auto drain = [](int fd) {
            char buf[16];
            while (::read(fd, buf, sizeof buf) > 0) {
            }
        };
        QObject::connect(first, &QSocketNotifier::activated, [&, second, drain]() mutable {
            drain(a[0]);
            ++firstCalls;
            delete second;  // whichever fired first, the other must not be touched after
            second = nullptr;
        });
        QObject::connect(second, &QSocketNotifier::activated, [&, first, drain]() mutable {
            drain(b[0]);
            ++secondCalls;
            delete first;
            first = nullptr;
        });
    });
    // Both become readable while the thread is busy, so one pass sees both.
    QMetaObject::invokeMethod(
        t.context(), [] { QThread::msleep(100); }, Qt::QueuedConnection);
    QThread::msleep(20);
    ASSERT_EQ(::write(a[1], "x", 1), 1);
    ASSERT_EQ(::write(b[1], "y", 1), 1);
    ASSERT_TRUE(waitFor([&] { return firstCalls + secondCalls >= 1; }));
    t.run([] {});  // the pass that called one of them is over
    EXPECT_EQ(firstCalls + secondCalls, 1);
    for (int fd : {a[0], a[1], b[0], b[1]}) ::close(fd);
}

TEST(EpollEventDispatcher, QuitEndsTheLoopWhileItWaits) {
    EpollThread t;
    t.run([] {});  // the loop runs and waits
    t.thread().quit();
    EXPECT_TRUE(t.thread().wait(5000));
}

}  // namespace
}  // namespace gatehouse
