#include "PluginTableModel.h"

#include "plugins/PluginManager.h"

#include <QBrush>
#include <QColor>

namespace gatehouse {

QString pluginStatusText(const PluginStatus &status) {
    const QString state = pluginStateName(status.state);
    if (status.error.isEmpty()) return state;
    return QStringLiteral("%1: %2").arg(state, status.error);
}

quint64 totalCalls(const PluginStatus &status) {
    quint64 calls = 0;
    for (const HookStats &s : status.stats) calls += s.calls;
    return calls;
}

namespace {
// Where the running instance's hooks run (HookPace), in the panel's words.
QString hookPaceText(const QString &pace) {
    if (pace == QLatin1String("fast")) return PluginTableModel::tr("worker (proven fast)");
    if (pace == QLatin1String("unproven")) return PluginTableModel::tr("hook threads (proving)");
    if (pace == QLatin1String("slow")) return PluginTableModel::tr("hook threads (slow)");
    return QStringLiteral("—");
}
}  // namespace

double meanMicros(const PluginStatus &status) {
    quint64 calls = 0;
    double micros = 0;
    for (const HookStats &s : status.stats) {
        calls += s.calls;
        micros += s.meanMicros * double(s.calls);
    }
    return calls ? micros / double(calls) : 0;
}

PluginTableModel::PluginTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void PluginTableModel::setGateway(Gateway *gateway) {
    gateway_ = gateway;
    setManager(gateway ? gateway->plugins() : nullptr);
}

void PluginTableModel::setManager(PluginManager *manager) {
    if (manager_) disconnect(manager_, nullptr, this, nullptr);
    manager_ = manager;
    if (manager_) {
        connect(manager_, &PluginManager::statusChanged, this, &PluginTableModel::refresh);
        connect(manager_, &PluginManager::chainChanged, this, &PluginTableModel::refresh);
    }
    refresh();
}

void PluginTableModel::refresh() {
    const QList<PluginStatus> fresh = manager_ ? manager_->statuses() : QList<PluginStatus>{};
    bool sameNames = fresh.size() == rows_.size();
    for (int i = 0; sameNames && i < fresh.size(); ++i) sameNames = fresh[i].name == rows_[i].name;
    if (!sameNames) {
        // Rows came or went: a reset keeps views and proxies simple.
        beginResetModel();
        rows_ = fresh;
        endResetModel();
        return;
    }
    rows_ = fresh;
    if (!rows_.isEmpty()) emit dataChanged(index(0, 0), index(rows_.size() - 1, ColumnCount - 1));
}

int PluginTableModel::rowOf(const QString &name) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].name == name) return i;
    return -1;
}

int PluginTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int PluginTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PluginTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PluginStatus &s = rows_[index.row()];
    if (role == NameRole) return s.name;
    if (role == Qt::CheckStateRole && index.column() == Enabled)
        return s.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        if (index.column() == Status && !s.error.isEmpty()) return s.error;
        if (index.column() == Name) return s.description.isEmpty() ? s.path : s.description;
        if (index.column() == RunsOn)
            return tr(
                "A new plugin's hooks run on the hook threads, so one that blocks holds up "
                "only its own request. After 200 calls in a row under 1 ms they run on the "
                "request's worker thread; a call over 10 ms sends them back.");
    }
    if (role == Qt::ForegroundRole && index.column() == Status && s.state == PluginState::Error)
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role == Qt::TextAlignmentRole && (index.column() == Calls || index.column() == MeanTime))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name:
            return s.name;
        case Version: {
            const QString v = s.pluginVersion.isEmpty() ? QStringLiteral("?") : s.pluginVersion;
            return QStringLiteral("%1 (build %2)").arg(v).arg(s.version);
        }
        case Status:
            return pluginStatusText(s);
        case Hooks:
            return s.hooks.join(QStringLiteral(", "));
        case Calls:
            return QString::number(totalCalls(s));
        case MeanTime: {
            const double us = meanMicros(s);
            if (totalCalls(s) == 0) return QStringLiteral("—");
            return us >= 1000 ? QStringLiteral("%1 ms").arg(us / 1000.0, 0, 'f', 2)
                              : QStringLiteral("%1 µs").arg(us, 0, 'f', 1);
        }
        case RunsOn:
            return hookPaceText(s.hookPace);
        default:
            return {};
    }
}

QVariant PluginTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Enabled:
            return tr("Enabled");
        case Name:
            return tr("Name");
        case Version:
            return tr("Version");
        case Status:
            return tr("Status");
        case Hooks:
            return tr("Hooks");
        case Calls:
            return tr("Calls");
        case MeanTime:
            return tr("Mean hook time");
        case RunsOn:
            return tr("Hooks run on");
        default:
            return {};
    }
}

Qt::ItemFlags PluginTableModel::flags(const QModelIndex &index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    // Only configured plugins can be switched; a discovered one must be added first.
    if (index.column() == Enabled && rows_[index.row()].state != PluginState::Discovered &&
        rows_[index.row()].state != PluginState::Unloaded)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool PluginTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != Enabled ||
        role != Qt::CheckStateRole || !gateway_)
        return false;
    const bool enable = Qt::CheckState(value.toInt()) == Qt::Checked;
    const QString name = rows_[index.row()].name;
    lastError_.clear();
    const bool ok = gateway_->setPluginEnabled(name, enable, &lastError_);
    if (!ok) {
        emit enableFailed(lastError_);
        refresh();
        return false;
    }
    refresh();
    return true;
}

}  // namespace gatehouse
