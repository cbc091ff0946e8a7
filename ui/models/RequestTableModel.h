#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

namespace gatehouse {

// Requests as the log store describes them (GET /api/logs row shape: id,
// time_ms, endpoint, provider, model, status, latency_ms, usage, cache_hit,
// context_warning, spans in live rows), newest first. A row with a
// context_warning (a prompt the server likely cut short) is shown in red. Filled either live
// (prepend, capped) or with one page of a store query (replace). Main thread.
class RequestTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Endpoint, Target, Status, Latency, Tokens, Cost, Cache, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit RequestTableModel(int liveCapacity = 2000, QObject *parent = nullptr);

    // Newest last in `rows` (arrival order); shown newest first.
    void prependLive(const QList<QJsonObject> &rows);
    void setRows(const QList<QJsonObject> &rows);
    void clear();
    QJsonObject rowAt(int row) const { return rows_.value(row); }
    int rowOfId(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "$0.0123" for a cost in USD; empty when unknown.
    static QString costText(const QJsonValue &usd);

private:
    static QString costToolTip(const QJsonObject &row);
    const int capacity_;
    QList<QJsonObject> rows_;
};

}  // namespace gatehouse
