#pragma once

#include "plugins/PluginStatus.h"

#include "Gateway.h"
#include "plugins/PluginManager.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace gatehouse {

// The plugin host's plugins as a table: one row per plugin in the host's
// order. The Enabled column is checkable and applies at once through
// PluginManager::setEnabled. Refreshes from statuses() when the host says
// something changed and on refresh() (the page calls it on a timer for the
// call counts). Main thread.
class PluginTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Enabled, Name, Version, Status, Hooks, Calls, MeanTime, RunsOn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1 };

    explicit PluginTableModel(QObject *parent = nullptr);

    // Follows this gateway's plugin host (null: none, the gateway is
    // stopped), and edits through the gateway: the config store first,
    // which the host then follows.
    void setGateway(Gateway *gateway);
    Gateway *gateway() const { return gateway_; }
    PluginManager *manager() const { return manager_; }
    void refresh();

    PluginStatus statusAt(int row) const { return rows_.value(row); }
    int rowOf(const QString &name) const;
    // Why the last checkbox change was refused ("" when it was not).
    QString lastError() const { return lastError_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

signals:
    void enableFailed(const QString &message);

private:
    void setManager(PluginManager *manager);
    QPointer<PluginManager> manager_;
    QPointer<Gateway> gateway_;
    QList<PluginStatus> rows_;
    QString lastError_;
};

// "active", "disabled", "error: <message>", ... as the Status column shows it.
QString pluginStatusText(const PluginStatus &status);
// Calls over all hooks, and their mean time in microseconds (0 when none).
quint64 totalCalls(const PluginStatus &status);
double meanMicros(const PluginStatus &status);

}  // namespace gatehouse
