#include "DeploymentsTable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse {

DeploymentsTable::DeploymentsTable(const QString &targetHeader, const QString &targetHint,
                                   QWidget *parent)
    : QWidget(parent), table_(new QTableWidget(0, 2, this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_->setHorizontalHeaderLabels({tr("Model"), targetHeader});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setMinimumHeight(80);
    table_->setMaximumHeight(140);
    table_->setToolTip(targetHint);
    layout->addWidget(table_);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/add.svg")),
                                tr("Add deployment"), this);
    auto *remove = new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/remove.svg")),
                                   tr("Remove deployment"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addRow(); });
    connect(remove, &QPushButton::clicked, this, &DeploymentsTable::removeSelectedRow);
    connect(table_, &QTableWidget::itemChanged, this, [this] {
        if (!loading_) emit edited();
    });
}

void DeploymentsTable::setMap(const QJsonObject &map) {
    loading_ = true;
    table_->setRowCount(0);
    for (auto it = map.begin(); it != map.end(); ++it) addRow(it.key(), it.value().toString());
    loading_ = false;
}

QJsonObject DeploymentsTable::map() const {
    QJsonObject out;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const QTableWidgetItem *model = table_->item(row, 0);
        const QTableWidgetItem *target = table_->item(row, 1);
        const QString name = model ? model->text().trimmed() : QString();
        if (!name.isEmpty()) out.insert(name, target ? target->text().trimmed() : QString());
    }
    return out;
}

void DeploymentsTable::addRow(const QString &model, const QString &target) {
    const bool wasLoading = loading_;
    loading_ = true;
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(model));
    table_->setItem(row, 1, new QTableWidgetItem(target));
    loading_ = wasLoading;
    if (!loading_) emit edited();
}

void DeploymentsTable::removeSelectedRow() {
    const int row = table_->currentRow();
    if (row < 0) return;
    table_->removeRow(row);
    emit edited();
}

}  // namespace gatehouse
