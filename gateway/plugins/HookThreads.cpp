#include "HookThreads.h"

#include <QMetaObject>
#include <QObject>

namespace gatehouse {

namespace {
thread_local bool t_inPhase = false;
}

HookThreads::HookThreads(int maxThreads) {
    pool_.setMaxThreadCount(qMax(1, maxThreads));
    pool_.setObjectName(QStringLiteral("plugin-hooks"));
}

HookThreads::~HookThreads() {
    pool_.waitForDone();
}

bool HookThreads::onHookThread() {
    return t_inPhase;
}

void HookThreads::run(QObject *home, std::function<void()> phase, std::function<void()> then) {
    // Counted before the check: close() then waiting for inFlight() == 0
    // sees either this phase counted or this call seeing closed_ set.
    inFlight_.fetch_add(1);
    auto done = [this, then = std::move(then)]() mutable {
        then();
        then = nullptr;  // its captures go before the count drops
        inFlight_.fetch_sub(1);
    };
    if (closed_.load()) {
        phase();
        done();
        return;
    }
    pool_.start([home, phase = std::move(phase), done = std::move(done)]() mutable {
        t_inPhase = true;
        phase();
        t_inPhase = false;
        phase = nullptr;
        QMetaObject::invokeMethod(home, std::move(done), Qt::QueuedConnection);
    });
}

}  // namespace gatehouse
