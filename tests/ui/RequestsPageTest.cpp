// The Requests page against a real gateway and its real log store: rows
// arrive live, the detail shows the trace and the stored bodies, filters
// and paging work, and the hook log leads to a request.
#include "PanelTestEnv.h"

#include "GatewayHarness.h"
#include "MainWindow.h"
#include "PanelSettings.h"
#include "RequestCurl.h"
#include "TestHttpClient.h"
#include "models/HookLogFilter.h"
#include "models/HookLogModel.h"
#include "models/RequestTableModel.h"
#include "pages/HookLogPage.h"
#include "pages/RequestsPage.h"
#include "store/LogStore.h"
#include "trace/RequestTrace.h"
#include "widgets/RequestDetail.h"
#include "widgets/TraceWaterfall.h"

#include <gtest/gtest.h>
#include <QAbstractItemModelTester>
#include <QBrush>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

namespace gatehouse {
namespace {

const QString kHelloWorld = QStringLiteral(GATEHOUSE_PLUGIN_HELLO_WORLD);

class Requests : public ::testing::Test {
protected:
    Requests() : env("[" + pluginJson("hello-world", kHelloWorld) + "]") {
        page.resize(1000, 700);
        page.show();
    }
    bool waitForRows(int n) {
        return waitUntil([&] {
            page.pollFeed();
            return page.model()->rowCount() >= n;
        });
    }

    PanelTestEnv env;
    RequestsPage page{&env.controller()};
};

TEST_F(Requests, ARealRequestAppearsLiveWithItsTraceAndBodies) {
    ASSERT_EQ(env.sendChat(), 200);
    ASSERT_TRUE(waitForRows(1));
    const QModelIndex first = page.model()->index(0, RequestTableModel::Endpoint);
    EXPECT_EQ(first.data().toString(), QStringLiteral("/v1/chat/completions"));
    EXPECT_EQ(page.model()->index(0, RequestTableModel::Status).data().toInt(), 200);
    EXPECT_EQ(page.model()->index(0, RequestTableModel::Target).data().toString(),
              QStringLiteral("mock/echo"));

    QSignalSpy shown(&page, &RequestsPage::recordShown);
    page.table()->selectRow(0);
    // hello-world's three hooks and the provider attempt, at least.
    EXPECT_GE(page.detail()->waterfall()->spanCount(), 4);
    ASSERT_TRUE(shown.wait(10000));
    EXPECT_TRUE(page.detail()->requestText().contains("\"mock/echo\""))
        << page.detail()->requestText().toStdString();
    EXPECT_TRUE(page.detail()->responseText().contains("chat.completion"));
    EXPECT_TRUE(page.detail()->curl().contains("/v1/chat/completions"));
    EXPECT_TRUE(page.detail()->curl().contains("mock/echo"));
}

// A request in another wire format names what its translation left out.
TEST_F(Requests, TheDetailNamesWhatATranslationLeftOut) {
    const TestHttpResponse r =
        TestHttpClient::post(env.port(), "/anthropic/v1/messages",
                             R"({"model":"mock/echo","max_tokens":20,"service_tier":"auto",
            "messages":[{"role":"user","content":"hi"}]})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    ASSERT_TRUE(waitForRows(1));
    page.table()->selectRow(0);
    EXPECT_TRUE(page.detail()->summaryText().contains("Not translated: service_tier"))
        << page.detail()->summaryText().toStdString();
}

// A prompt that reached its provider's context window (the server likely
// cut it): the row is red with the explanation on hover, and the detail
// says it too.
TEST_F(Requests, APromptCutToTheContextWindowIsMarkedRed) {
    auto t = std::make_shared<RequestTrace>();
    t->id = QStringLiteral("gh-cut");
    t->startedAtMs = QDateTime::currentMSecsSinceEpoch();
    t->endpoint = QStringLiteral("/v1/chat/completions");
    t->provider = QStringLiteral("ollama");
    t->model = QStringLiteral("qwen3:8b");
    t->status = 200;
    t->promptTokens = 4096;
    t->completionTokens = 12;
    t->totalTokens = 4108;
    t->contextWindow = 4096;
    t->contextWindowAssumed = true;
    env.controller().gateway()->logs()->record(t);
    ASSERT_EQ(env.sendChat(), 200);  // and one that is fine
    ASSERT_TRUE(waitForRows(2));
    const int cut = page.model()->rowOfId(QStringLiteral("gh-cut"));
    ASSERT_GE(cut, 0);
    const int fine = cut == 0 ? 1 : 0;
    const QColor red(0xc0, 0x39, 0x2b);
    for (int column : {int(RequestTableModel::Endpoint), int(RequestTableModel::Tokens)})
        EXPECT_EQ(page.model()->index(cut, column).data(Qt::ForegroundRole).value<QBrush>().color(),
                  red);
    EXPECT_FALSE(
        page.model()->index(fine, RequestTableModel::Endpoint).data(Qt::ForegroundRole).isValid());
    EXPECT_TRUE(page.model()
                    ->index(cut, RequestTableModel::Tokens)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("\u26a0")));
    const QString tip =
        page.model()->index(cut, RequestTableModel::Target).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(tip.contains("Ollama's default context of 4096 tokens")) << tip.toStdString();

    page.table()->selectRow(cut);
    EXPECT_TRUE(page.detail()->summaryText().contains("4096 prompt tokens reached"))
        << page.detail()->summaryText().toStdString();
}

TEST_F(Requests, ReplaySendsTheSameRequestAgain) {
    ASSERT_EQ(env.sendChat(), 200);
    ASSERT_TRUE(waitForRows(1));
    QSignalSpy shown(&page, &RequestsPage::recordShown);
    page.table()->selectRow(0);
    ASSERT_TRUE(shown.wait(10000));
    QSignalSpy replayed(page.detail(), &RequestDetail::replayed);
    page.detail()->replayButton()->click();
    ASSERT_TRUE(replayed.wait(10000));
    EXPECT_EQ(replayed.first().first().toInt(), 200);
    EXPECT_TRUE(waitForRows(2));
}

TEST_F(Requests, StatusAndTextFiltersNarrowTheList) {
    ASSERT_EQ(env.sendChat(), 200);
    const auto bad = TestHttpClient::post(env.port(), "/v1/chat/completions",
                                          chatBody(QStringLiteral("nowhere/model"), "hi"));
    ASSERT_GE(bad.status, 400);
    ASSERT_TRUE(waitForRows(2)) << page.model()->rowCount() << " rows";
    page.statusFilter()->setCurrentIndex(page.statusFilter()->findData("error"));
    ASSERT_TRUE(waitForRows(1));
    EXPECT_EQ(page.model()->rowCount(), 1);
    EXPECT_GE(page.model()->index(0, RequestTableModel::Status).data().toInt(), 400);
    page.statusFilter()->setCurrentIndex(0);
    QTest::keyClicks(page.textFilter(), "echo");
    ASSERT_TRUE(waitForRows(1));
    page.pollFeed();
    EXPECT_EQ(page.model()->rowCount(), 1);
}

TEST_F(Requests, PagingThroughTheStoreWhenNotLive) {
    for (int i = 0; i < 3; ++i) ASSERT_EQ(env.sendChat(), 200);
    env.controller().gateway()->logs()->flush();
    QTest::mouseClick(page.liveButton(), Qt::LeftButton);  // off: query the store
    ASSERT_TRUE(waitUntil([&] { return page.model()->rowCount() == 3; }))
        << page.pageText().toStdString();
    EXPECT_EQ(page.pageText(), QStringLiteral("1–3 of 3"));
}

TEST_F(Requests, ModelPassesTheTester) {
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(env.sendChat(), 200);
    ASSERT_TRUE(waitForRows(3));
    page.model()->clear();
}

TEST(RequestCurl, QuotesTheBodyForTheShell) {
    const QString curl = curlCommand("http://127.0.0.1:8080", "/v1/chat/completions",
                                     QJsonObject{{"content", "it's"}});
    EXPECT_EQ(curl, QStringLiteral("curl -s 'http://127.0.0.1:8080/v1/chat/completions' \\\n"
                                   "  -H 'Content-Type: application/json' \\\n"
                                   "  -d '{\"content\":\"it'\\''s\"}'"));
}

TEST(HookLogToRequest, DoubleClickingAHookLineOpensItsRequest) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    PanelSettings settings;
    MainWindow window(&env.controller(), &settings);
    window.show();
    ASSERT_EQ(env.sendChat(), 200);
    HookLogPage *log = window.hookLogPage();
    ASSERT_TRUE(waitUntil([&] { return log->model()->rowCount() >= 1; }));
    const QString id = log->filter()->index(0, HookLogModel::RequestId).data().toString();
    QSignalSpy shown(window.requestsPage(), &RequestsPage::recordShown);
    emit log->table()->doubleClicked(log->filter()->index(0, 0));
    EXPECT_TRUE(window.requestsPage()->isVisible());
    ASSERT_TRUE(shown.wait(10000));
    EXPECT_EQ(shown.first().first().toString(), id);
}

}  // namespace
}  // namespace gatehouse

namespace gatehouse {
namespace {

TEST(RequestsCost, TheCostFilterKeepsWhatCostAtLeastThatMuch) {
    // The mock priced at $1,000 per million tokens: a request costs cents.
    PanelTestEnv env("[]", R"({"mock": {"keys": []}}, "pricing": [ {"provider": "mock",
        "model": "echo", "input_mtok": 1000, "output_mtok": 1000} ])");
    RequestsPage page(&env.controller());
    page.show();
    ASSERT_EQ(env.sendChat(), 200);
    ASSERT_TRUE(waitUntil([&] {
        page.pollFeed();
        return page.model()->rowCount() == 1;
    }));
    page.costFilter()->setCurrentIndex(page.costFilter()->findData(0.001));
    page.pollFeed();
    EXPECT_EQ(page.model()->rowCount(), 1);  // cents, above a tenth of a cent
    page.costFilter()->setCurrentIndex(page.costFilter()->findData(1.0));
    ASSERT_EQ(env.sendChat(), 200);
    env.controller().gateway()->logs()->flush();
    page.pollFeed();
    EXPECT_EQ(page.model()->rowCount(), 0);
    // The same from the store.
    QTest::mouseClick(page.liveButton(), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return !page.pageText().startsWith("live"); }))
        << page.pageText().toStdString();
    EXPECT_EQ(page.model()->rowCount(), 0);
    page.costFilter()->setCurrentIndex(page.costFilter()->findData(0.001));
    EXPECT_TRUE(waitUntil([&] { return page.model()->rowCount() == 2; }))
        << page.pageText().toStdString();
}

}  // namespace
}  // namespace gatehouse
