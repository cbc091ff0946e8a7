#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableWidget;
class QTimer;
class QToolButton;

namespace gatehouse {

class GatewayController;

// The governance plugin's virtual keys: each key's limits and what it used
// in the current window (a bar against its budget); New key (shown once,
// with Copy, and stored only as its hash) and Revoke. Edits go through
// Gateway::createVirtualKey / revokeVirtualKey, as
// /api/governance/virtual-keys does. Refreshed every few seconds while
// shown and on every config change. Main thread.
class VirtualKeysPage : public QWidget {
    Q_OBJECT
public:
    enum Column { Name, Id, Models, RequestsPerMinute, TokensPerMinute, Budget, Used, ColumnCount };

    explicit VirtualKeysPage(GatewayController *controller, QWidget *parent = nullptr);

    QTableWidget *table() const { return table_; }
    QToolButton *newButton() const { return new_; }
    QToolButton *revokeButton() const { return revoke_; }
    // Shown instead of the table when there are no keys or no governance plugin.
    QString emptyText() const;
    // What the last action said (also in the banner).
    QString lastMessage() const { return message_; }
    // The key just created, in the "copy it now" box ("" when none shown).
    QString shownKey() const;

    // Creates a key from `spec` (as POST /api/governance/virtual-keys takes
    // it); returns it (shown in the box) or "" with lastMessage() saying why.
    QString createKey(const QJsonObject &spec);
    bool revokeKey(const QString &id);
    QString selectedId() const;
    void refresh();

private:
    void askForNewKey();
    void askToRevoke();
    void say(const QString &message, bool error);

    GatewayController *controller_;
    QStackedWidget *stack_;
    QTableWidget *table_;
    QLabel *empty_;
    QLabel *banner_;
    QWidget *keyBox_;
    QLineEdit *keyField_;
    QToolButton *new_;
    QToolButton *revoke_;
    QTimer *refresh_;
    QString message_;
};

}  // namespace gatehouse
