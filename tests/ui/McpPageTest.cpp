// The MCP servers page against a real gateway and a real stdio MCP server
// (tests/support/fixtures/mcp/test_server.py): a server added on the page
// connects and shows its tools with their schemas, a tool runs from the
// form, the server's stderr shows as its log; Disable, Enable, Restart and
// Remove act at once; a refused entry says which field is wrong; the
// dialog reads and writes Bifrost's entry shape.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "pages/McpPage.h"
#include "widgets/McpServerDialog.h"

#include <gtest/gtest.h>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>

namespace gatehouse {
namespace {

const QString kServer = QStringLiteral(GATEHOUSE_MCP_FIXTURES "/test_server.py");

QJsonObject stdioEntry(const QString &name) {
    return {{"name", name},
            {"connection_type", "stdio"},
            {"stdio_config", QJsonObject{{"command", "python3"}, {"args", QJsonArray{kServer}}}},
            {"tools_to_execute", QJsonArray{"*"}}};
}

// Performs `action` and waits until the page says it finished.
bool act(McpPage &page, const std::function<void()> &action) {
    const int before = page.finishedActions();
    action();
    return waitUntil([&] { return page.finishedActions() > before; });
}

QString cell(McpPage &page, const QString &server, McpPage::Column column) {
    page.refresh();
    for (int row = 0; row < page.table()->rowCount(); ++row)
        if (page.table()->item(row, McpPage::Name)->text() == server)
            return page.table()->item(row, column)->text();
    return {};
}

bool statusIs(McpPage &page, const QString &server, const QString &state) {
    return waitUntil([&] { return cell(page, server, McpPage::Status).startsWith(state); }, 15000);
}

TEST(McpPage, AnAddedServerShowsItsToolsAndSchemasRunsAToolAndShowsItsLog) {
    PanelTestEnv env;
    McpPage page(&env.controller());
    page.show();
    ASSERT_TRUE(act(page, [&] { page.saveServer(stdioEntry("local"), true); }));
    EXPECT_TRUE(page.lastMessage().contains("Added local")) << page.lastMessage().toStdString();
    ASSERT_TRUE(statusIs(page, "local", "connected"))
        << cell(page, "local", McpPage::Status).toStdString();
    EXPECT_EQ(cell(page, "local", McpPage::Tools), "3 of 3 offered");
    EXPECT_EQ(cell(page, "local", McpPage::Type), "stdio");

    page.selectServer("local");
    ASSERT_EQ(page.toolList()->count(), 3);
    page.toolList()->setCurrentRow(0);  // echo
    EXPECT_TRUE(page.schemaView()->toPlainText().contains("\"message\""))
        << page.schemaView()->toPlainText().toStdString();
    EXPECT_TRUE(page.runButton()->isEnabled());
    page.argumentsEditor()->setPlainText(R"({"message": "from the panel"})");
    ASSERT_TRUE(act(page, [&] { page.runButton()->click(); }));
    EXPECT_EQ(page.resultView()->toPlainText(), "Echo: from the panel");

    page.argumentsEditor()->setPlainText("{not json");
    ASSERT_TRUE(act(page, [&] { page.runTool(); }));
    EXPECT_TRUE(page.resultView()->toPlainText().startsWith("The arguments are not a JSON object"));

    EXPECT_TRUE(waitUntil([&] {
        page.refresh();
        return page.logView()->toPlainText().contains("test server ready");
    })) << page.logView()->toPlainText().toStdString();
}

TEST(McpPage, DisableEnableRestartAndRemoveActAtOnce) {
    PanelTestEnv env;
    McpPage page(&env.controller());
    page.show();
    ASSERT_TRUE(act(page, [&] { page.saveServer(stdioEntry("worker"), true); }));
    ASSERT_TRUE(statusIs(page, "worker", "connected"));
    auto pid = [&] { return page.server("worker").value("pid").toInteger(); };
    const qint64 first = pid();
    ASSERT_GT(first, 0);

    page.selectServer("worker");
    EXPECT_EQ(page.enableButton()->text(), "Disable");
    ASSERT_TRUE(act(page, [&] { page.enableButton()->click(); }));
    EXPECT_TRUE(statusIs(page, "worker", "disabled"));
    EXPECT_EQ(page.enableButton()->text(), "Enable");
    EXPECT_FALSE(page.restartButton()->isEnabled());
    ASSERT_TRUE(act(page, [&] { page.enableButton()->click(); }));
    ASSERT_TRUE(statusIs(page, "worker", "connected"));
    const qint64 second = pid();
    EXPECT_NE(second, first);

    ASSERT_TRUE(act(page, [&] { page.restartServer("worker"); }));
    ASSERT_TRUE(waitUntil(
        [&] {
            page.refresh();
            return pid() > 0 && pid() != second &&
                   page.server("worker").value("state").toString() == "connected";
        },
        15000));

    ASSERT_TRUE(act(page, [&] { page.removeServer("worker"); }));
    EXPECT_EQ(page.table()->rowCount(), 0);
    EXPECT_TRUE(page.lastMessage().contains("Removed worker"));
}

TEST(McpPage, ARefusedServerSaysWhichFieldIsWrong) {
    PanelTestEnv env;
    McpPage page(&env.controller());
    QJsonObject entry = stdioEntry("broken");
    entry["stdio_config"] = QJsonObject{{"args", QJsonArray{"x"}}};
    ASSERT_TRUE(act(page, [&] { page.saveServer(entry, true); }));
    EXPECT_TRUE(page.lastMessage().contains("stdio_config.command"))
        << page.lastMessage().toStdString();
    EXPECT_EQ(page.table()->rowCount(), 0);
}

TEST(McpPage, TheDialogReadsAndWritesTheEntry) {
    const QJsonObject http{{"name", "remote"},
                           {"connection_type", "http"},
                           {"connection_string", "http://127.0.0.1:3001/mcp"},
                           {"headers", QJsonObject{{"X-Api-Key", "tok-...6789"}}},
                           {"tools_to_execute", QJsonArray{"search", "fetch"}},
                           {"tools_to_skip", QJsonArray{"delete"}},
                           {"tools_to_auto_execute", QJsonArray{"search"}},
                           {"enabled", false}};
    McpServerDialog dialog(http);
    EXPECT_TRUE(dialog.nameField()->isReadOnly());
    EXPECT_EQ(dialog.urlField()->text(), "http://127.0.0.1:3001/mcp");
    EXPECT_EQ(dialog.headersField()->toPlainText(), "X-Api-Key: tok-...6789");
    EXPECT_EQ(dialog.executeField()->text(), "search, fetch");
    EXPECT_EQ(dialog.autoExecuteField()->text(), "search");
    EXPECT_EQ(dialog.entry(), http);
    // Emptied, the agent-mode list leaves the entry.
    dialog.autoExecuteField()->clear();
    EXPECT_FALSE(dialog.entry().contains("tools_to_auto_execute"));

    McpServerDialog fresh;
    fresh.nameField()->setText("files");
    fresh.commandField()->setText("npx");
    fresh.argsField()->setPlainText("-y\n@modelcontextprotocol/server-filesystem\n/tmp\n");
    fresh.envsField()->setPlainText("HOME\nTOKEN=abc");
    const QJsonObject made = fresh.entry();
    EXPECT_EQ(made["connection_type"].toString(), "stdio");
    EXPECT_EQ(made["stdio_config"]["args"].toArray().size(), 3);
    EXPECT_EQ(made["stdio_config"]["envs"].toArray().at(1).toString(), "TOKEN=abc");
    EXPECT_EQ(made["tools_to_execute"].toArray(), QJsonArray{"*"});
    EXPECT_FALSE(made.contains("tools_to_auto_execute"));
}

}  // namespace
}  // namespace gatehouse
