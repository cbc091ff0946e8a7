#include "store/LogStore.h"

#include "LogWriter.h"
#include "StoreExecutor.h"
#include "StoreSchema.h"

namespace gatehouse {

LogStore::LogStore(Options options) : options_(std::move(options)) {}

LogStore::~LogStore() {
    if (writer_) writer_->stopAndWait();
    queries_.reset();
}

bool LogStore::open(QString *error) {
    {
        StoreConnection c(options_.location, QStringLiteral("log-migrate"),
                          StoreConnection::Durability::Full);
        if (!c.open(error) || !StoreSchema::migrate(c, error)) return false;
    }
    LogWriter::Options w;
    w.location = options_.location;
    w.instance = options_.instance;
    w.queueCapacity = options_.queueCapacity;
    w.queueMaxBytes = options_.queueMaxBytes;
    w.retentionDays = options_.retentionDays;
    w.maxSizeBytes = options_.maxSizeBytes;
    w.maintenanceIntervalMs = options_.maintenanceIntervalMs;
    writer_ = std::make_unique<LogWriter>(w);
    writer_->start();
    queries_ = std::make_unique<StoreExecutor>(options_.location, QStringLiteral("log-query"));
    return true;
}

void LogStore::record(std::shared_ptr<const RequestTrace> trace) {
    feed_.publish(trace);
    if (writer_) writer_->enqueue(std::move(trace));
}

void LogStore::recordLog(const PluginLogLine &line) {
    auto shared = std::make_shared<const PluginLogLine>(line);
    feed_.publish(shared);
    if (writer_) writer_->enqueue(std::move(shared));
}

LogStore::Counters LogStore::counters() const {
    Counters c;
    if (!writer_) return c;
    c.written = writer_->written();
    c.dropped = writer_->dropped();
    c.failed = writer_->failed();
    c.queued = writer_->queued();
    c.queuedBytes = writer_->queuedBytes();
    c.lastError = writer_->lastError();
    return c;
}

void LogStore::flush(int timeoutMs) {
    if (writer_) writer_->flush(timeoutMs);
}

void LogStore::runMaintenanceNow() {
    if (writer_) writer_->runMaintenanceNow();
}

namespace {
const QString kUnavailable = QStringLiteral("the log store is not open");
}

void LogStore::list(QObject *context, LogFilter filter,
                    std::function<void(bool, const LogPage &, const QString &)> done) {
    if (!queries_) return done(false, {}, kUnavailable);
    queries_->post(context, [filter, done](StoreConnection *c, const QString &openError) {
        LogPage page;
        QString error = openError;
        const bool ok = c && LogReader::list(*c, filter, &page, &error);
        return [=] { done(ok, page, error); };
    });
}

void LogStore::get(
    QObject *context, QString id,
    std::function<void(bool, const std::optional<QJsonObject> &, const QString &)> done) {
    if (!queries_) return done(false, std::nullopt, kUnavailable);
    queries_->post(context, [id, done](StoreConnection *c, const QString &openError) {
        QString error = openError;
        std::optional<QJsonObject> found = c ? LogReader::get(*c, id, &error) : std::nullopt;
        const bool ok = c && error.isEmpty();
        return [=] { done(ok, found, error); };
    });
}

void LogStore::sessions(QObject *context, SessionReader::Filter filter,
                        std::function<void(bool, const QJsonArray &, const QString &)> done) {
    if (!queries_) return done(false, {}, kUnavailable);
    queries_->post(context, [filter, done](StoreConnection *c, const QString &openError) {
        QJsonArray out;
        QString error = openError;
        const bool ok = c && SessionReader::sessions(*c, filter, &out, &error);
        return [=] { done(ok, out, error); };
    });
}

void LogStore::stats(QObject *context, LogReader::StatsWindow window,
                     std::function<void(bool, const QJsonObject &, const QString &)> done) {
    if (!queries_) return done(false, {}, kUnavailable);
    queries_->post(context, [window, done](StoreConnection *c, const QString &openError) {
        QJsonObject out;
        QString error = openError;
        const bool ok = c && LogReader::stats(*c, window, &out, &error);
        return [=] { done(ok, out, error); };
    });
}

void LogStore::hookLines(QObject *context, LogReader::HookFilter filter,
                         std::function<void(bool, const QJsonObject &, const QString &)> done) {
    if (!queries_) return done(false, {}, kUnavailable);
    queries_->post(context, [filter, done](StoreConnection *c, const QString &openError) {
        QJsonObject out;
        QString error = openError;
        const bool ok = c && LogReader::hookLines(*c, filter, &out, &error);
        return [=] { done(ok, out, error); };
    });
}

void LogStore::removeBefore(QObject *context, qint64 beforeMs,
                            std::function<void(bool, qint64, const QString &)> done) {
    if (!queries_) return done(false, 0, kUnavailable);
    queries_->post(context, [beforeMs, done](StoreConnection *c, const QString &openError) {
        qint64 deleted = 0;
        QString error = openError;
        const bool ok = c && LogReader::removeBefore(*c, beforeMs, &deleted, &error);
        return [=] { done(ok, deleted, error); };
    });
}

}  // namespace gatehouse
