#include "QueuedDelivery.h"

#include <QObject>

namespace gatehouse {

class QueuedDelivery::Courier : public QObject {
    Q_OBJECT
signals:
    void deliver();

public:
    // Set before deliver() is emitted; read by the target's queued slot,
    // which the connection's copy of this pointer keeps alive.
    std::shared_ptr<std::function<void()>> box = std::make_shared<std::function<void()>>();
};

QueuedDelivery::QueuedDelivery(QObject *target) : courier_(target ? new Courier : nullptr) {
    if (!courier_) return;
    // Of no thread: it is never sent an event, and whichever thread ends
    // up sending or dropping the delivery may delete it.
    courier_->moveToThread(nullptr);
    std::shared_ptr<std::function<void()>> box = courier_->box;
    connection_ = QObject::connect(
        courier_, &Courier::deliver, target,
        [box] {
            // Moved out, so what it holds is released here, on the target's thread.
            const std::function<void()> f = std::move(*box);
            if (f) f();
        },
        Qt::QueuedConnection);
}

QueuedDelivery::~QueuedDelivery() {
    delete courier_;  // disconnects; a call already queued still runs
}

void QueuedDelivery::send(std::function<void()> f) {
    if (!connection_) return;
    *courier_->box = std::move(f);
    emit courier_->deliver();
    QObject::disconnect(connection_);
    connection_ = {};
}

}  // namespace gatehouse

#include "QueuedDelivery.moc"
