// The "Coding agents" page: each agent's state against the running gateway's
// port, Connect and Undo on a temporary home folder.
#include "AgentHome.h"
#include "MainWindow.h"
#include "PanelSettings.h"
#include "PanelTestEnv.h"
#include "pages/AgentsPage.h"
#include "widgets/CodingAgentsPanel.h"

#include <gtest/gtest.h>
#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>

namespace gatehouse {

TEST(CodingAgentsPanel, ConnectsAnAgentToTheRunningGatewaysPortAndUndoesIt) {
    test::AgentHome home;
    PanelTestEnv env;
    PanelSettings settings;
    MainWindow window(&env.controller(), &settings);
    EXPECT_EQ(window.pageTitle(MainWindow::Agents), QStringLiteral("Coding agents"));
    EXPECT_EQ(window.page(MainWindow::Agents), window.agentsPage());
    CodingAgentsPanel *agents = window.agentsPage()->codingAgents();
    ASSERT_NE(agents, nullptr);
    EXPECT_EQ(agents->stateText(QStringLiteral("codex")), QStringLiteral("not found · not wired"));
    EXPECT_FALSE(agents->undoButton(QStringLiteral("codex"))->isEnabled());

    agents->modelEdit()->setText(QStringLiteral("mock/echo"));
    agents->mcpBox()->setChecked(false);
    agents->connectButton(QStringLiteral("codex"))->click();
    const QByteArray toml = home.read(QStringLiteral(".codex/config.toml"));
    EXPECT_TRUE(toml.contains(
        QStringLiteral("base_url = \"http://127.0.0.1:%1/v1\"").arg(env.port()).toUtf8()))
        << toml.constData();
    EXPECT_TRUE(toml.contains("model = \"mock/echo\""));
    EXPECT_FALSE(toml.contains("mcp_servers"));
    EXPECT_EQ(agents->stateText(QStringLiteral("codex")),
              QStringLiteral("installed · wired to this gateway"));
    EXPECT_TRUE(agents->message().contains(QStringLiteral("~/.codex/config.toml")))
        << agents->message().toStdString();
    EXPECT_TRUE(agents->undoButton(QStringLiteral("codex"))->isEnabled());

    agents->undoButton(QStringLiteral("codex"))->click();
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), "<absent>");
    EXPECT_FALSE(agents->undoButton(QStringLiteral("codex"))->isEnabled());
    EXPECT_TRUE(agents->stateText(QStringLiteral("codex")).endsWith(QStringLiteral("not wired")));
}

TEST(CodingAgentsPanel, SaysWhyAFileWasNotChanged) {
    test::AgentHome home;
    home.write(QStringLiteral(".claude/settings.json"), "{ not json");
    home.addExecutable(QStringLiteral("claude"));
    CodingAgentsPanel agents;
    agents.setPort(8123);
    EXPECT_EQ(agents.stateText(QStringLiteral("claude-code")),
              QStringLiteral("installed · not wired"));
    agents.connectButton(QStringLiteral("claude-code"))->click();
    EXPECT_TRUE(agents.message().contains(QStringLiteral("not valid JSON")))
        << agents.message().toStdString();
    EXPECT_EQ(home.read(QStringLiteral(".claude/settings.json")), "{ not json");
    EXPECT_FALSE(agents.undoButton(QStringLiteral("claude-code"))->isEnabled());
}

}  // namespace gatehouse
