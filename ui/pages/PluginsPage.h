#pragma once

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace gatehouse {

class GatewayController;
class PluginConfigEditor;
class PluginTableModel;

// The plugins: a table with an Enabled checkbox per row, actions (add from a
// file, remove, bump version & reload, open the log) and the selected
// plugin's config editor. Main thread.
class PluginsPage : public QWidget {
    Q_OBJECT
public:
    explicit PluginsPage(GatewayController *controller, QWidget *parent = nullptr);

    PluginTableModel *model() const { return model_; }
    QTableView *table() const { return table_; }
    PluginConfigEditor *configEditor() const { return editor_; }
    // The plugin whose row is selected ("" when none).
    QString selectedPlugin() const;
    void selectPlugin(const QString &name);
    // What the last action said (also shown in the banner).
    QString lastMessage() const;

    bool bumpSelected();
    bool removeSelected();
    bool addFromFile(const QString &path);

private:
    void attach();
    void updateActions();
    void showMessage(const QString &text, bool problem);
    void openLog();

    GatewayController *controller_;
    PluginTableModel *model_;
    QStackedWidget *stack_;
    QTableView *table_;
    QLabel *empty_;
    QLabel *banner_;
    PluginConfigEditor *editor_;
    QToolButton *add_, *remove_, *bump_, *log_;
    QTimer *statsTimer_;
};

}  // namespace gatehouse
