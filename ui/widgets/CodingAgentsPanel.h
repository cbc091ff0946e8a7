#pragma once

#include <QGroupBox>
#include <QMap>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse {

// "Agents on this machine": Claude Code, Codex and Gemini CLI, whether each is
// installed and wired to this gateway, with Connect (edits the agent's own
// files, AgentWiring) and Undo (puts them back as they were).
class CodingAgentsPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit CodingAgentsPanel(QWidget *parent = nullptr);
    // The gateway's port: what Connect writes and "wired" is checked against.
    void setPort(int port);
    // Reads every agent's state again.
    void refresh();

    QLineEdit *modelEdit() const { return model_; }
    QCheckBox *mcpBox() const { return mcp_; }
    QPushButton *connectButton(const QString &agentId) const { return connect_.value(agentId); }
    QPushButton *undoButton(const QString &agentId) const { return undo_.value(agentId); }
    QString stateText(const QString &agentId) const;
    QString message() const;

private:
    void connectAgent(const QString &agentId);
    void undoAgent(const QString &agentId);

    int port_ = 8080;
    QLineEdit *model_;
    QCheckBox *mcp_;
    QMap<QString, QLabel *> state_;
    QMap<QString, QPushButton *> connect_, undo_;
    QLabel *message_;
};

}  // namespace gatehouse
