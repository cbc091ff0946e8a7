#include "HookLogModel.h"

#include "plugins/PluginManager.h"

#include <QBrush>
#include <QColor>
#include <QTimer>

namespace gatehouse {

HookLogModel::HookLogModel(int capacity, int drainIntervalMs, QObject *parent)
    : QAbstractTableModel(parent),
      capacity_(capacity),
      buffer_(std::make_shared<HookLogBuffer>(size_t(capacity))),
      timer_(new QTimer(this)) {
    connect(timer_, &QTimer::timeout, this, &HookLogModel::drain);
    timer_->start(drainIntervalMs);
}

HookLogModel::~HookLogModel() {
    detach();
}

void HookLogModel::detach() {
    if (!manager_) return;
    manager_->setHookCallObserver(nullptr);
    disconnect(logConnection_);
    manager_ = nullptr;
}

void HookLogModel::setManager(PluginManager *manager) {
    detach();
    manager_ = manager;
    if (!manager_) return;
    // Both run on worker threads: they only touch the (shared, locked) buffer.
    std::shared_ptr<HookLogBuffer> buffer = buffer_;
    manager_->setHookCallObserver([buffer](const HookCallRecord &call) {
        HookLogEntry e;
        e.kind = HookLogEntry::Kind::Call;
        e.time = call.time;
        e.requestId = call.requestId;
        e.plugin = call.plugin;
        e.hook = call.hook;
        e.nanos = call.nanos;
        e.outcome = call.outcome;
        e.message = call.message;
        buffer->append(std::move(e));
    });
    logConnection_ = connect(
        manager_, &PluginManager::logLine, manager_,
        [buffer](const PluginLogLine &line) {
            HookLogEntry e;
            e.kind = HookLogEntry::Kind::Log;
            e.time = line.time;
            e.requestId = line.requestId;
            e.plugin = line.plugin;
            e.hook = line.hook;
            e.outcome = line.level;
            e.message = line.message;
            buffer->append(std::move(e));
        },
        Qt::DirectConnection);
}

void HookLogModel::setPaused(bool paused) {
    paused_ = paused;
    if (!paused_) drain();
}

void HookLogModel::clear() {
    buffer_->takeAll();
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void HookLogModel::drain() {
    if (paused_) return;
    std::deque<HookLogEntry> fresh = buffer_->takeAll();
    if (fresh.empty()) return;
    // Only the newest `capacity_` of a big batch can ever be shown.
    while (fresh.size() > size_t(capacity_)) fresh.pop_front();
    const int n = int(fresh.size());
    beginInsertRows({}, 0, n - 1);
    for (HookLogEntry &e : fresh) rows_.push_front(std::move(e));
    endInsertRows();
    if (rows_.size() > size_t(capacity_)) {
        beginRemoveRows({}, capacity_, int(rows_.size()) - 1);
        rows_.resize(size_t(capacity_));
        endRemoveRows();
    }
}

int HookLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int HookLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HookLogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HookLogEntry &e = rows_[size_t(index.row())];
    if (role == KindRole) return e.kind == HookLogEntry::Kind::Call ? 0 : 1;
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        if (e.outcome == QLatin1String("error") || e.outcome == QLatin1String("threw"))
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (e.outcome == QLatin1String("warning")) return QBrush(QColor(0xb9, 0x77, 0x0e));
    }
    if (role == Qt::TextAlignmentRole && index.column() == Duration)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Message) return e.message;
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Time:
            return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case RequestId:
            return e.requestId;
        case Plugin:
            return e.plugin;
        case Hook:
            return e.hook;
        case Duration:
            if (e.nanos < 0) return QString();
            return e.nanos >= 1000000
                       ? QStringLiteral("%1 ms").arg(double(e.nanos) / 1e6, 0, 'f', 2)
                       : QStringLiteral("%1 µs").arg(double(e.nanos) / 1e3, 0, 'f', 1);
        case Outcome:
            return e.outcome;
        case Message:
            return e.kind == HookLogEntry::Kind::Call && e.message.isEmpty() ? tr("hook call")
                                                                             : e.message;
        default:
            return {};
    }
}

QVariant HookLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Time:
            return tr("Time");
        case RequestId:
            return tr("Request");
        case Plugin:
            return tr("Plugin");
        case Hook:
            return tr("Hook");
        case Duration:
            return tr("Duration");
        case Outcome:
            return tr("Outcome / level");
        case Message:
            return tr("Message");
        default:
            return {};
    }
}

}  // namespace gatehouse
