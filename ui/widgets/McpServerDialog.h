#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;

namespace gatehouse {

// Adds or edits one MCP server: its connection (stdio: command, arguments,
// environment; http/sse: URL and headers) and which of its tools are
// offered. Reads and writes a mcp.client_configs[] entry (Bifrost's shape,
// as /api/mcp/clients takes it); masked secrets in an entry being edited
// are sent back as they are, and the gateway keeps the stored values.
class McpServerDialog : public QDialog {
    Q_OBJECT
public:
    // `entry`: the server's config as the gateway lists it; empty: a new one.
    explicit McpServerDialog(const QJsonObject &entry = {}, QWidget *parent = nullptr);

    QJsonObject entry() const;
    void setEntry(const QJsonObject &entry);

    QLineEdit *nameField() const { return name_; }
    QComboBox *typeBox() const { return type_; }
    QLineEdit *commandField() const { return command_; }
    QPlainTextEdit *argsField() const { return args_; }
    QPlainTextEdit *envsField() const { return envs_; }
    QLineEdit *urlField() const { return url_; }
    QPlainTextEdit *headersField() const { return headers_; }
    QLineEdit *executeField() const { return execute_; }
    QLineEdit *skipField() const { return skip_; }
    QLineEdit *autoExecuteField() const { return autoExecute_; }

private:
    QJsonObject original_;  // keys the form does not show are kept
    QLineEdit *name_;
    QComboBox *type_;
    QStackedWidget *connection_;
    QLineEdit *command_;
    QPlainTextEdit *args_;
    QPlainTextEdit *envs_;
    QLineEdit *url_;
    QPlainTextEdit *headers_;
    QLineEdit *execute_;
    QLineEdit *skip_;
    QLineEdit *autoExecute_;
};

}  // namespace gatehouse
