#include "RunAfter.h"

#include <QTimer>

namespace gatehouse {

void runAfter(QObject *context, int ms, std::function<void()> fn) {
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, context, [timer, fn = std::move(fn)] {
        timer->deleteLater();
        fn();
    });
    timer->start(ms);
}

}  // namespace gatehouse
