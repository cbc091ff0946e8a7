#pragma once

#include <QJsonObject>
#include <QWidget>

class QTableWidget;

namespace gatehouse {

// A key's "deployments" map (model -> Azure deployment, or model -> Bedrock
// model id / inference profile ARN) as an editable two-column table with
// rows to add and remove. Rows without a model are left out.
class DeploymentsTable : public QWidget {
    Q_OBJECT
public:
    DeploymentsTable(const QString &targetHeader, const QString &targetHint,
                     QWidget *parent = nullptr);

    void setMap(const QJsonObject &map);
    QJsonObject map() const;
    void addRow(const QString &model = {}, const QString &target = {});
    void removeSelectedRow();
    QTableWidget *table() const { return table_; }

signals:
    void edited();

private:
    QTableWidget *table_;
    bool loading_ = false;
};

}  // namespace gatehouse
