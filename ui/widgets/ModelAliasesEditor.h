#pragma once

#include <QGroupBox>

class QLabel;
class QTableWidget;
class QToolButton;

namespace gatehouse {

class GatewayController;

// client.model_aliases as a table the user edits: the model name (or glob)
// a client sends, the provider/model that serves it, and the client formats
// it applies to (blank: all). Apply sends the whole list to the config store
// as PUT /api/config does: checked, applied to new requests at once, kept;
// a refused list changes nothing and the message names the cell's entry.
// Shows the effective aliases again after every config change, whoever made
// it, unless the table has unapplied edits. Main thread.
class ModelAliasesEditor : public QGroupBox {
    Q_OBJECT
public:
    enum Column { Match, Target, Endpoints, ColumnCount };

    explicit ModelAliasesEditor(GatewayController *controller, QWidget *parent = nullptr);

    QTableWidget *table() const { return table_; }
    QString message() const;
    bool isModified() const { return modified_; }

    void addRow(const QString &match = {}, const QString &target = {},
                const QString &endpoints = {});
    // Sends the table to the store (asynchronous: applied() follows).
    void apply();
    void reload();
    // reload(), unless the table has edits not applied yet.
    void reloadUnlessEdited() {
        if (!modified_) reload();
    }

signals:
    void applied(bool ok);

private:
    void showMessage(const QString &text, bool problem);

    GatewayController *controller_;
    QTableWidget *table_;
    QToolButton *add_, *remove_, *apply_;
    QLabel *message_;
    bool modified_ = false;
};

}  // namespace gatehouse
