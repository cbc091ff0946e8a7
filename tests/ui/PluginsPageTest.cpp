// The Plugins page against a running gateway: what the user does with the
// mouse and keyboard changes the real plugin host, and real requests show it.
#include "PanelTestEnv.h"

#include "models/PluginTableModel.h"
#include "pages/PluginsPage.h"
#include "plugins/PluginManager.h"
#include "widgets/JsonEditor.h"
#include "widgets/PluginConfigEditor.h"
#include "widgets/SchemaForm.h"

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

namespace gatehouse {
namespace {

const QString kHelloWorld = QStringLiteral(GATEHOUSE_PLUGIN_HELLO_WORLD);
const QString kCache = QStringLiteral(GATEHOUSE_PLUGIN_CACHE);

quint64 preHookCalls(PluginManager *plugins, const QString &name) {
    return plugins->status(name)->stats.value(QStringLiteral("preHook")).calls;
}

// Clicks the Enabled checkbox of `name`'s row the way a user does: select
// the cell, press Space.
void toggleEnabled(PluginsPage &page, const QString &name) {
    QTableView *table = page.table();
    const QModelIndex index =
        page.model()->index(page.model()->rowOf(name), PluginTableModel::Enabled);
    table->setCurrentIndex(index);
    QTest::keyClick(table, Qt::Key_Space);
}

TEST(PluginsPage, UntickingAPluginStopsItsHooksOnTheNextRequest) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    PluginsPage page(&env.controller());
    page.show();
    PluginManager *plugins = env.controller().gateway()->plugins();
    ASSERT_EQ(page.model()->rowCount(), 1);
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_EQ(preHookCalls(plugins, "hello-world"), 1u);

    toggleEnabled(page, "hello-world");
    EXPECT_EQ(plugins->status("hello-world")->state, PluginState::Disabled);
    EXPECT_EQ(page.model()->index(0, PluginTableModel::Enabled).data(Qt::CheckStateRole),
              QVariant(Qt::Unchecked));
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_EQ(preHookCalls(plugins, "hello-world"), 1u);  // no new call

    toggleEnabled(page, "hello-world");
    EXPECT_EQ(plugins->status("hello-world")->state, PluginState::Active);
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_EQ(preHookCalls(plugins, "hello-world"), 2u);
}

// The "Hooks run on" column says where the plugin's hooks run: on the hook
// threads while it proves itself, then on the worker once proven fast.
TEST(PluginsPage, HooksRunOnColumnFollowsThePluginsPace) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    PluginsPage page(&env.controller());
    page.show();
    PluginTableModel *model = page.model();
    auto runsOn = [&] {
        model->refresh();
        return model->index(model->rowOf("hello-world"), PluginTableModel::RunsOn)
            .data()
            .toString();
    };
    EXPECT_EQ(runsOn(), "hook threads (proving)");
    // 200 fast calls in a row prove it; each request makes at least two. (A
    // call delayed on a busy machine starts the count again: room for that.)
    for (int i = 0; i < 3000 && runsOn() != "worker (proven fast)"; ++i)
        ASSERT_EQ(env.sendChat(), 200);
    EXPECT_EQ(runsOn(), "worker (proven fast)");
    EXPECT_FALSE(
        model->index(0, PluginTableModel::RunsOn).data(Qt::ToolTipRole).toString().isEmpty());
}

class ConfigEditing : public ::testing::Test {
protected:
    ConfigEditing() : env("[" + pluginJson("cache", kCache, {{"ttl_seconds", 60}}) + "]") {
        page.resize(1000, 700);
        page.show();
        page.selectPlugin("cache");
        // Lay the now visible editor out, so clicks land on its buttons.
        QCoreApplication::processEvents();
    }
    PluginConfigEditor *editor() { return page.configEditor(); }
    QJsonObject runningConfig() {
        return env.controller().gateway()->plugins()->status("cache")->config;
    }
    void typeConfig(const QString &text) {
        editor()->editor()->selectAll();
        const QStringList lines = text.split('\n');
        for (int i = 0; i < lines.size(); ++i) {
            if (i > 0) QTest::keyClick(editor()->editor(), Qt::Key_Return);
            QTest::keyClicks(editor()->editor(), lines[i]);
        }
    }

    PanelTestEnv env;
    PluginsPage page{&env.controller()};
};

TEST_F(ConfigEditing, SelectingAPluginShowsItsRunningConfig) {
    EXPECT_EQ(editor()->pluginName(), QStringLiteral("cache"));
    EXPECT_TRUE(editor()->editor()->toPlainText().contains("\"ttl_seconds\": 60"));
}

TEST_F(ConfigEditing, InvalidJsonIsRefusedAtItsLineAndNothingIsApplied) {
    typeConfig("{\n  \"ttl_seconds\": 5,\n  \"max_entries\": 10,,\n}");
    QTest::mouseClick(editor()->applyButton(), Qt::LeftButton);
    EXPECT_TRUE(editor()->message().startsWith("Not applied. Line 3"))
        << editor()->message().toStdString();
    EXPECT_EQ(editor()->editor()->markedLine(), 3);
    EXPECT_EQ(runningConfig(), QJsonObject({{"ttl_seconds", 60}}));
}

TEST_F(ConfigEditing, ConfigTheSchemaRefusesIsNotApplied) {
    typeConfig("{\n  \"ttl_seconds\": 5,\n  \"max_entries\": 0\n}");
    QTest::mouseClick(editor()->applyButton(), Qt::LeftButton);
    EXPECT_EQ(editor()->message(),
              QStringLiteral("Not applied. Line 3: max_entries: must be at least 1"));
    EXPECT_EQ(editor()->editor()->markedLine(), 3);
    EXPECT_EQ(runningConfig(), QJsonObject({{"ttl_seconds", 60}}));
}

TEST_F(ConfigEditing, AValidEditReinitialisesThePlugin) {
    const auto before = env.controller().gateway()->plugins()->chain()->find("cache");
    typeConfig("{\"ttl_seconds\": 5}");
    QTest::mouseClick(editor()->applyButton(), Qt::LeftButton);
    EXPECT_TRUE(editor()->message().startsWith("Applied")) << editor()->message().toStdString();
    EXPECT_EQ(runningConfig(), QJsonObject({{"ttl_seconds", 5}}));
    const auto after = env.controller().gateway()->plugins()->chain()->find("cache");
    ASSERT_TRUE(after);
    EXPECT_NE(after->plugin(), before->plugin());  // a new instance, init() ran again
}

TEST_F(ConfigEditing, RevertGoesBackToTheRunningConfig) {
    typeConfig("{broken");
    QTest::mouseClick(editor()->revertButton(), Qt::LeftButton);
    EXPECT_TRUE(editor()->editor()->toPlainText().contains("\"ttl_seconds\": 60"));
}

TEST_F(ConfigEditing, TheGeneratedFormWritesTheJsonThatIsApplied) {
    ASSERT_TRUE(editor()->tabs()->isTabEnabled(1));
    editor()->tabs()->setCurrentIndex(1);
    auto *entries = qobject_cast<QLineEdit *>(editor()->form()->fieldFor("max_entries"));
    ASSERT_TRUE(entries);
    QTest::keyClicks(entries, "42");
    QTest::mouseClick(editor()->applyButton(), Qt::LeftButton);
    EXPECT_EQ(runningConfig(), QJsonObject({{"ttl_seconds", 60}, {"max_entries", 42}}));
}

TEST(PluginsPage, BumpVersionAndReloadRunsTheNewBuild) {
    QTemporaryDir dir;
    const QString path = dir.filePath("answer.so");
    ASSERT_TRUE(QFile::copy(QStringLiteral(ANSWER_PLUGIN_V1_PATH), path));
    PanelTestEnv env("[" + pluginJson("answer", path) + "]");
    PluginsPage page(&env.controller());
    page.show();
    QByteArray body;
    ASSERT_EQ(env.sendChat(&body), 200);
    EXPECT_TRUE(body.contains("hello from v1")) << body.constData();

    // A rebuilt plugin lands on disk...
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QFile::copy(QStringLiteral(ANSWER_PLUGIN_V2_PATH), path));
    page.selectPlugin("answer");
    EXPECT_TRUE(page.bumpSelected()) << page.lastMessage().toStdString();
    EXPECT_EQ(env.controller().gateway()->plugins()->status("answer")->version, 2);
    ASSERT_EQ(env.sendChat(&body), 200);
    EXPECT_TRUE(body.contains("hello from v2")) << body.constData();
}

TEST(PluginsPage, WithoutPluginsItSaysWhatToDoNext) {
    PanelTestEnv env;
    PluginsPage page(&env.controller());
    page.show();
    auto *empty = page.findChild<QLabel *>("pluginsEmpty");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->isVisible());
    EXPECT_TRUE(empty->text().contains("No plugins yet"));
    EXPECT_TRUE(empty->text().contains("docs/writing-plugins.md"));
}

TEST(PluginsPage, AddingAndRemovingAPluginFile) {
    PanelTestEnv env;
    PluginsPage page(&env.controller());
    page.show();
    ASSERT_TRUE(page.addFromFile(kHelloWorld)) << page.lastMessage().toStdString();
    EXPECT_EQ(page.model()->rowCount(), 1);
    EXPECT_EQ(page.selectedPlugin(), QStringLiteral("hello-world"));
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_EQ(preHookCalls(env.controller().gateway()->plugins(), "hello-world"), 1u);
    EXPECT_TRUE(page.removeSelected()) << page.lastMessage().toStdString();
    EXPECT_TRUE(env.controller().gateway()->plugins()->chain()->isEmpty());
}

}  // namespace
}  // namespace gatehouse
