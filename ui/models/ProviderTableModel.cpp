#include "ProviderTableModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

namespace gatehouse {

namespace {
QJsonObject networkOf(const QJsonObject &provider) {
    return provider.value(QStringLiteral("network_config")).toObject();
}

// A number of seconds from the network config, or "default".
QString secondsText(const QJsonObject &provider, const char *key, int defaultSeconds) {
    const double s = networkOf(provider).value(QLatin1String(key)).toDouble();
    return s > 0 ? ProviderTableModel::tr("%1 s").arg(s)
                 : ProviderTableModel::tr("%1 s (default)").arg(defaultSeconds);
}
}  // namespace

QString providerKeysText(const QJsonObject &provider) {
    QStringList parts;
    const QJsonArray keys = provider.value(QStringLiteral("keys")).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonObject key = keys[i].toObject();
        const QString name = key.value(QStringLiteral("name")).toString();
        const QString value = key.value(QStringLiteral("value")).toString();
        parts << (name.isEmpty() ? value : name + QStringLiteral(": ") + value);
    }
    return parts.isEmpty() ? ProviderTableModel::tr("none") : parts.join(QStringLiteral(", "));
}

ProviderTableModel::ProviderTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ProviderTableModel::setProviders(const QList<ProviderRow> &rows) {
    bool sameNames = rows.size() == rows_.size();
    for (qsizetype i = 0; sameNames && i < rows.size(); ++i)
        sameNames = rows[i].name == rows_[i].name;
    if (!sameNames) {
        beginResetModel();
        rows_ = rows;
        endResetModel();
        return;
    }
    rows_ = rows;
    if (!rows_.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ProviderTableModel::rowOf(const QString &name) const {
    for (qsizetype i = 0; i < rows_.size(); ++i)
        if (rows_[i].name.compare(name, Qt::CaseInsensitive) == 0) return int(i);
    return -1;
}

void ProviderTableModel::setTestResult(const QString &name, TestState state, const QString &text) {
    tests_.insert(name, {state, text});
    const int row = rowOf(name);
    if (row >= 0) emit dataChanged(index(row, LastTest), index(row, LastTest));
}

int ProviderTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int ProviderTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProviderTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProviderRow &row = rows_[index.row()];
    if (role == NameRole) return row.name;
    const auto test = tests_.constFind(row.name);
    const bool tested = test != tests_.cend() && test->state != TestState::Running;
    if (role == TestOkRole) return tested ? QVariant(test->state == TestState::Ok) : QVariant();
    if (role == Qt::ForegroundRole && index.column() == LastTest && tested)
        return QBrush(test->state == TestState::Ok ? QColor(0x2e, 0x9d, 0x48)
                                                   : QColor(0xc0, 0x39, 0x2b));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
        case Name:
            return row.name;
        case BaseUrl:
            return row.effectiveBaseUrl.isEmpty() ? tr("built in") : row.effectiveBaseUrl;
        case Keys:
            return providerKeysText(row.masked);
        case Timeout:
            return secondsText(row.masked, "default_request_timeout_in_seconds", 30);
        case Retries:
            return networkOf(row.masked).value(QStringLiteral("max_retries")).toInt();
        case Source:
            return row.source == QLatin1String("api")    ? tr("panel / API")
                   : row.source == QLatin1String("file") ? tr("config.json")
                                                         : row.source;
        case LastTest:
            return test == tests_.cend() ? QString() : test->text;
        default:
            return {};
    }
}

QVariant ProviderTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Provider");
        case BaseUrl:
            return tr("Base URL");
        case Keys:
            return tr("Keys");
        case Timeout:
            return tr("Timeout");
        case Retries:
            return tr("Retries");
        case Source:
            return tr("Set in");
        case LastTest:
            return tr("Last test");
        default:
            return {};
    }
}

}  // namespace gatehouse
