// The hook log fills from real requests through the real plugin host, and
// its filters, Pause and Clear do what they say.
#include "PanelTestEnv.h"

#include "models/HookLogFilter.h"
#include "models/HookLogModel.h"
#include "pages/HookLogPage.h"

#include <gtest/gtest.h>
#include <QComboBox>
#include <QLineEdit>
#include <QTableView>
#include <QTest>
#include <QToolButton>

namespace gatehouse {
namespace {

const QString kHelloWorld = QStringLiteral(GATEHOUSE_PLUGIN_HELLO_WORLD);

class HookLog : public ::testing::Test {
protected:
    HookLog() : env("[" + pluginJson("hello-world", kHelloWorld) + "]") { page.show(); }

    QStringList column(int col) {
        QStringList out;
        for (int r = 0; r < page.filter()->rowCount(); ++r)
            out << page.filter()->index(r, col).data().toString();
        return out;
    }

    PanelTestEnv env;
    HookLogPage page{&env.controller()};
};

TEST_F(HookLog, ARealRequestShowsItsHookCallsAndLogLines) {
    ASSERT_EQ(env.sendChat(), 200);
    // hello-world: three hooks, each a call row and a log line row.
    ASSERT_TRUE(waitUntil([&] { return page.model()->rowCount() >= 6; }));
    const QStringList hooks = column(HookLogModel::Hook);
    for (const char *hook : {"transportInterceptor", "preHook", "postHook"})
        EXPECT_EQ(hooks.count(hook), 2) << hook;
    EXPECT_TRUE(column(HookLogModel::Message).contains("PreHook called"));
    // Newest first: postHook runs last.
    EXPECT_EQ(hooks.first(), QStringLiteral("postHook"));
    const QString requestId = page.filter()->index(0, HookLogModel::RequestId).data().toString();
    EXPECT_FALSE(requestId.isEmpty());
    EXPECT_EQ(column(HookLogModel::RequestId).count(requestId), 6);
    EXPECT_EQ(column(HookLogModel::Plugin).count("hello-world"), 6);
}

TEST_F(HookLog, FiltersByHookOutcomeAndText) {
    ASSERT_EQ(env.sendChat(), 200);
    ASSERT_TRUE(waitUntil([&] { return page.model()->rowCount() >= 6; }));
    page.hookFilter()->setCurrentIndex(page.hookFilter()->findData("preHook"));
    EXPECT_EQ(page.filter()->rowCount(), 2);
    page.outcomeFilter()->setCurrentIndex(page.outcomeFilter()->findData("ok"));
    EXPECT_EQ(page.filter()->rowCount(), 1);  // the call, not the log line
    page.outcomeFilter()->setCurrentIndex(0);
    page.hookFilter()->setCurrentIndex(0);
    QTest::keyClicks(page.textFilter(), "posthook called");
    EXPECT_EQ(column(HookLogModel::Message), QStringList{"PostHook called"});
    ASSERT_GE(page.pluginFilter()->findData("hello-world"), 0);
}

TEST_F(HookLog, PauseHoldsRowsBackAndClearEmptiesTheList) {
    QTest::mouseClick(page.pauseButton(), Qt::LeftButton);
    ASSERT_EQ(env.sendChat(), 200);  // its hook calls are in the buffer by now
    page.model()->drain();           // what the timer does, now: held back
    EXPECT_EQ(page.model()->rowCount(), 0);
    QTest::mouseClick(page.pauseButton(), Qt::LeftButton);
    EXPECT_GE(page.model()->rowCount(), 6);  // resuming shows them at once
    QTest::mouseClick(page.clearButton(), Qt::LeftButton);
    EXPECT_EQ(page.model()->rowCount(), 0);
}

TEST(HookLogModelCap, KeepsOnlyTheNewestRows) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    HookLogModel model(10, 10000);  // drained by hand below
    model.setManager(env.controller().gateway()->plugins());
    for (int i = 0; i < 3; ++i) ASSERT_EQ(env.sendChat(), 200);
    model.drain();
    EXPECT_EQ(model.rowCount(), 10);
    ASSERT_EQ(env.sendChat(), 200);
    model.drain();
    EXPECT_EQ(model.rowCount(), 10);
    EXPECT_EQ(model.index(0, HookLogModel::Hook).data().toString(), QStringLiteral("postHook"));
}

}  // namespace
}  // namespace gatehouse
