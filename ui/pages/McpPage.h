#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTimer;
class QToolButton;

namespace gatehouse {

class GatewayController;

// The MCP servers the gateway connects to: each one's status (connecting,
// connected, error, reconnecting, disabled), tool count and last error;
// Add/Edit/Remove (kept in the config store, as /api/mcp/clients does),
// Enable/Disable and Restart. The selected server's tools with their input
// schemas, a form that runs one of them through the gateway and shows the
// result or the error, and the server's stderr tail. Everything goes
// through Gateway's MCP methods. Refreshed every 2 s while shown and on
// every config change. Main thread.
class McpPage : public QWidget {
    Q_OBJECT
public:
    enum Column { Name, Type, Status, Tools, LastError, ColumnCount };

    explicit McpPage(GatewayController *controller, QWidget *parent = nullptr);

    QTableWidget *table() const { return table_; }
    QListWidget *toolList() const { return tools_; }
    QPlainTextEdit *schemaView() const { return schema_; }
    QPlainTextEdit *argumentsEditor() const { return arguments_; }
    QPlainTextEdit *resultView() const { return result_; }
    QPlainTextEdit *logView() const { return log_; }
    QPushButton *runButton() const { return run_; }
    QToolButton *addButton() const { return add_; }
    QToolButton *editButton() const { return edit_; }
    QToolButton *removeButton() const { return remove_; }
    QToolButton *enableButton() const { return enable_; }
    QToolButton *restartButton() const { return restart_; }

    // What the last action said (also in the banner); changes counts the
    // actions that have finished, so a test can wait for the next one.
    QString lastMessage() const { return message_; }
    int finishedActions() const { return finished_; }
    // The selected server's name ("" when none) and its listing.
    QString selectedServer() const;
    QJsonObject server(const QString &name) const;
    void selectServer(const QString &name);

    // The actions behind the buttons, without their dialogs.
    void saveServer(const QJsonObject &entry, bool create);
    void removeServer(const QString &name);
    void setServerEnabled(const QString &name, bool enabled);
    void restartServer(const QString &name);
    // Runs the tool selected in the list with the arguments in the editor.
    void runTool();
    void refresh();

private:
    void showServer();
    void showTool();
    void updateButtons();
    void finish(const QString &done, const QString &error);
    void askToAdd();
    void askToEdit();
    void askToRemove();

    GatewayController *controller_;
    QTableWidget *table_;
    QLabel *banner_;
    QLabel *empty_;
    QTabWidget *details_;
    QListWidget *tools_;
    QPlainTextEdit *schema_;
    QPlainTextEdit *arguments_;
    QPlainTextEdit *result_;
    QPlainTextEdit *log_;
    QPushButton *run_;
    QToolButton *add_;
    QToolButton *edit_;
    QToolButton *remove_;
    QToolButton *enable_;
    QToolButton *restart_;
    QTimer *refresh_;
    QJsonArray servers_;  // as Gateway::mcpClients() listed them last
    QString message_;
    int finished_ = 0;
};

}  // namespace gatehouse
