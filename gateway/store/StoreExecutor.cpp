#include "StoreExecutor.h"

#include "threading/QueuedDelivery.h"

#include <QSemaphore>
#include <QSqlQuery>
#include <QTimer>

namespace gatehouse {

class StoreExecutor::Runner : public QObject {
public:
    Runner(StoreLocation location, QString purpose, StoreConnection::Durability durability)
        : location_(std::move(location)), purpose_(std::move(purpose)), durability_(durability) {}

    // The connection, (re)opened on demand. A PostgreSQL connection can be
    // dead while Qt still calls it open (the server restarted): one round
    // trip tells, so a restart never costs a failed query.
    StoreConnection *connection(QString *error) {
        if (c_ && c_->isOpen() && c_->db().isOpen() && alive()) return c_.get();
        c_ = std::make_unique<StoreConnection>(location_, purpose_, durability_);
        if (c_->open(error)) return c_.get();
        c_.reset();
        return nullptr;
    }
    void forget() { c_.reset(); }
    bool alive() {
        if (!c_->isPostgres()) return true;
        QSqlQuery q(c_->db());
        return q.exec(QStringLiteral("SELECT 1"));
    }
    ~Runner() override { c_.reset(); }

private:
    StoreLocation location_;
    QString purpose_;
    StoreConnection::Durability durability_;
    std::unique_ptr<StoreConnection> c_;
};

StoreExecutor::StoreExecutor(StoreLocation location, QString purpose,
                             StoreConnection::Durability durability)
    : runner_(new Runner(std::move(location), purpose, durability)) {
    // Linux keeps 15 characters of a thread's name: "store-responses",
    // "store-log-query" and the others stay apart in /proc, top and perf.
    thread_.setObjectName(QStringLiteral("store-") + purpose);
    runner_->moveToThread(&thread_);
    QObject::connect(&thread_, &QThread::finished, runner_, &QObject::deleteLater);
    thread_.start();
}

StoreExecutor::~StoreExecutor() {
    thread_.quit();
    thread_.wait();
}

namespace {

// Store thread: runs `work` on the runner's connection and hands its
// result back to the asking object's thread.
template <typename Runner>
void runWork(Runner *runner, QueuedDelivery &reply, const StoreExecutor::Work &work) {
    QString error;
    StoreConnection *c = runner->connection(&error);
    std::function<void()> then = work(c, error);
    // A connection that broke during the work is reopened next time.
    if (c && !c->db().isOpen()) runner->forget();
    if (then) reply.send(std::move(then));
}

}  // namespace

void StoreExecutor::post(QObject *context, Work work) {
    // Connected now, while the context is surely alive (QueuedDelivery.h).
    auto reply = std::make_shared<QueuedDelivery>(context);
    Runner *runner = runner_;
    QMetaObject::invokeMethod(
        runner_, [runner, reply, work = std::move(work)] { runWork(runner, *reply, work); });
}

void StoreExecutor::postAfter(int delayMs, QObject *context, Work work) {
    auto reply = std::make_shared<QueuedDelivery>(context);
    Runner *runner = runner_;
    QMetaObject::invokeMethod(runner_, [runner, delayMs, reply, work = std::move(work)] {
        // The runner as the timer's context: gone with the thread, never late.
        QTimer::singleShot(delayMs, runner,
                           [runner, reply, work] { runWork(runner, *reply, work); });
    });
}

void StoreExecutor::runAndWait(
    const std::function<void(StoreConnection *c, const QString &error)> &work) {
    QSemaphore done;
    Runner *runner = runner_;
    QMetaObject::invokeMethod(runner_, [runner, &work, &done] {
        QString error;
        StoreConnection *c = runner->connection(&error);
        work(c, error);
        done.release();
    });
    done.acquire();
}

}  // namespace gatehouse
