#pragma once

#include <QWidget>

class QLabel;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace gatehouse {

class ChatProbe;
class ModelAliasesEditor;
class GatewayController;
class ProviderEditor;
class ProviderTableModel;

// The providers of the running gateway, as its config store holds them:
// a table (keys masked), an editor for the selected one, Add/Remove, and
// "Test", which sends a small real request through the gateway to that
// provider. Edits go through ConfigStore::change() like /api/providers:
// checked whole, applied to new requests at once, kept in the store;
// a refused edit changes nothing and says why. Main thread.
class ProvidersPage : public QWidget {
    Q_OBJECT
public:
    explicit ProvidersPage(GatewayController *controller, QWidget *parent = nullptr);

    ProviderTableModel *model() const { return model_; }
    QTableView *table() const { return table_; }
    ProviderEditor *editor() const { return editor_; }
    ModelAliasesEditor *aliases() const { return aliases_; }
    QToolButton *addButton() const { return add_; }
    QToolButton *testButton() const { return test_; }
    QString selectedProvider() const;
    void selectProvider(const QString &name);
    // What the last action said (also shown in the banner).
    QString lastMessage() const;
    // The empty state's text ("" while the table shows).
    QString emptyText() const;

    // Sends the editor's provider to the store (asynchronous: applied()
    // follows). False when the form itself was refused (applied(false)
    // has been emitted then too).
    bool applyEdits();
    void startNewProvider();
    // Removes the provider (no question asked; the button asks first).
    void removeProvider(const QString &name);
    // Sends a one-line chat completion to `provider` through the gateway
    // ("" model: the editor's, else one the provider lists); testFinished() follows.
    void testProvider(const QString &provider, const QString &model = {});
    // The model "Test" uses for a provider when none is given.
    QString defaultTestModel(const QString &provider) const;

signals:
    void applied(bool ok);
    void removed(bool ok);
    void testFinished(const QString &provider, bool ok);

private:
    void attach();
    void reload();
    void loadEditor();
    void updateState();
    void showMessage(const QString &text, bool problem);

    GatewayController *controller_;
    ProviderTableModel *model_;
    ChatProbe *probe_;
    QStackedWidget *stack_;
    QTableView *table_;
    QLabel *empty_;
    QLabel *banner_;
    ProviderEditor *editor_;
    QScrollArea *editorScroll_;
    ModelAliasesEditor *aliases_;
    QToolButton *add_, *remove_, *test_;
};

}  // namespace gatehouse
