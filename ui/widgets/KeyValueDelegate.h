#pragma once

#include <QStyledItemDelegate>

namespace gatehouse {

// The Value column of a provider's keys: a key typed in shows masked
// ("sk-...abcd") as soon as the cell is left, like stored keys, and while
// it is typed only where the cursor is; "env.VAR" references show as they are.
class KeyValueDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QString displayText(const QVariant &value, const QLocale &locale) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
};

}  // namespace gatehouse
