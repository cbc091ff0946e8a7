#include "RequestTableModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace gatehouse {

RequestTableModel::RequestTableModel(int liveCapacity, QObject *parent)
    : QAbstractTableModel(parent), capacity_(liveCapacity) {}

void RequestTableModel::prependLive(const QList<QJsonObject> &rows) {
    if (rows.isEmpty()) return;
    QList<QJsonObject> fresh = rows.mid(std::max<qsizetype>(0, rows.size() - capacity_));
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    for (const QJsonObject &r : fresh) rows_.prepend(r);
    endInsertRows();
    if (rows_.size() > capacity_) {
        beginRemoveRows({}, capacity_, int(rows_.size()) - 1);
        rows_.resize(capacity_);
        endRemoveRows();
    }
}

void RequestTableModel::setRows(const QList<QJsonObject> &rows) {
    beginResetModel();
    rows_ = rows;
    endResetModel();
}

void RequestTableModel::clear() {
    setRows({});
}

int RequestTableModel::rowOfId(const QString &id) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].value(QLatin1String("id")).toString() == id) return i;
    return -1;
}

int RequestTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int RequestTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &r = rows_[index.row()];
    const int status = r.value(QLatin1String("status")).toInt();
    if (role == IdRole) return r.value(QLatin1String("id")).toString();
    // A prompt the server likely cut short (the log's context_warning): the
    // whole row red, a sign by its tokens, the explanation on hover.
    const QString contextWarning = r.value(QLatin1String("context_warning")).toString();
    if (!contextWarning.isEmpty()) {
        if (role == Qt::ForegroundRole) return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (role == Qt::ToolTipRole && index.column() != Cost) return contextWarning;
    }
    if (role == Qt::ForegroundRole && index.column() == Status && status >= 400)
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role == Qt::TextAlignmentRole && (index.column() == Latency || index.column() == Tokens ||
                                          index.column() == Status || index.column() == Cost))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Status)
        return r.value(QLatin1String("error")).toString();
    if (role == Qt::ToolTipRole && index.column() == Cost) return costToolTip(r);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(
                       qint64(r.value(QLatin1String("time_ms")).toDouble()))
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case Endpoint:
            return r.value(QLatin1String("endpoint")).toString();
        case Target: {
            const QString provider = r.value(QLatin1String("provider")).toString();
            const QString model = r.value(QLatin1String("model")).toString();
            return provider.isEmpty() ? model : provider + QLatin1Char('/') + model;
        }
        case Status:
            return status;
        case Latency:
            return QStringLiteral("%1 ms").arg(r.value(QLatin1String("latency_ms")).toDouble(), 0,
                                               'f', 1);
        case Tokens: {
            const QJsonValue total =
                r.value(QLatin1String("usage")).toObject().value(QLatin1String("total_tokens"));
            const QString text = total.isDouble() ? QString::number(total.toInt()) : QString();
            return contextWarning.isEmpty() ? text : QStringLiteral("\u26a0 ") + text;
        }
        case Cost:
            return costText(r.value(QLatin1String("cost_usd")));
        case Cache:
            return r.value(QLatin1String("cache_hit")).toBool() ? tr("hit") : QString();
        default:
            return {};
    }
}

// Dollars with the digits a request's cost needs: $0.0123, $0.000045.
QString RequestTableModel::costText(const QJsonValue &usd) {
    if (!usd.isDouble()) return QString();
    const double v = usd.toDouble();
    if (v == 0) return QStringLiteral("$0");
    const int decimals = v >= 1 ? 2 : v >= 0.01 ? 4 : 6;
    return QLatin1Char('$') + QString::number(v, 'f', decimals);
}

QString RequestTableModel::costToolTip(const QJsonObject &r) {
    const QString note = r.value(QLatin1String("cost_note")).toString();
    const QJsonValue saved = r.value(QLatin1String("saved_usd"));
    if (saved.isDouble() && saved.toDouble() > 0)
        return tr("A cache hit: the provider would have charged %1").arg(costText(saved));
    return note;
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Time:
            return tr("Time");
        case Endpoint:
            return tr("Endpoint");
        case Target:
            return tr("Provider / model");
        case Status:
            return tr("Status");
        case Latency:
            return tr("Latency");
        case Tokens:
            return tr("Tokens");
        case Cost:
            return tr("Cost");
        case Cache:
            return tr("Cache");
        default:
            return {};
    }
}

}  // namespace gatehouse
