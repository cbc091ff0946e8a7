#include "EventLoopWait.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>

namespace gatehouse {

bool runEventsUntil(const std::function<bool()> &done, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    QTimer tick;  // wakes the blocking wait below so `done` is checked often
    tick.start(5);
    while (!done()) {
        if (clock.elapsed() >= timeoutMs) return done();
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        // Outside exec(), deleteLater() objects are only freed on request.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

void runEventsFor(int ms) {
    QElapsedTimer clock;
    clock.start();
    runEventsUntil([&] { return clock.elapsed() >= ms; }, ms + 1000);
}

}  // namespace gatehouse
