#pragma once

#include <QSortFilterProxyModel>

namespace gatehouse {

// Narrows the hook log to one plugin, hook and outcome/level, and to rows
// whose message or request id contains a text. Empty means "any".
class HookLogFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setPlugin(const QString &plugin);
    void setHook(const QString &hook);
    void setOutcome(const QString &outcome);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString plugin_, hook_, outcome_, text_;
};

}  // namespace gatehouse
