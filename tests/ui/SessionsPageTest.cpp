// The Sessions page against a real gateway: agent turns sent with their
// session headers show as one session per conversation, with the selected
// session's turns and a hit-ratio bar per turn; a double-click opens a turn.
#include "PanelTestEnv.h"

#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "pages/SessionsPage.h"
#include "store/LogStore.h"
#include "trace/RequestTrace.h"
#include "widgets/CacheRatioChart.h"

#include <gtest/gtest.h>
#include <QColor>
#include <QDateTime>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <memory>

namespace gatehouse {
namespace {

class Sessions : public ::testing::Test {
protected:
    Sessions() {
        env = std::make_unique<PanelTestEnv>();
        page = std::make_unique<SessionsPage>(&env->controller());
        page->resize(1000, 700);
        page->show();
    }

    int turn(const QByteArray &userAgent, const QByteArray &header, const QByteArray &session,
             const QString &text) {
        HttpHeaders headers;
        headers.add("User-Agent", userAgent);
        headers.add(header, session);
        headers.add("anthropic-version", "2023-06-01");
        return TestHttpClient::
            post(env->port(), "/anthropic/v1/messages",
                 R"({"model":"mock/echo","max_tokens":64,"messages":[{"role":"user","content":")" +
                     text.toUtf8() + R"("}]})",
                 headers)
                .status;
    }

    bool refreshed() {
        env->controller().gateway()->logs()->flush();
        QSignalSpy done(page.get(), &SessionsPage::refreshed);
        page->refresh();
        return !done.isEmpty() || done.wait(10000);
    }

    std::unique_ptr<PanelTestEnv> env;
    std::unique_ptr<SessionsPage> page;
};

TEST_F(Sessions, TurnsOfOneSessionShowAsOneRowWithItsTurnsBelow) {
    ASSERT_TRUE(refreshed());
    EXPECT_EQ(page->sessionsTable()->rowCount(), 0);
    EXPECT_TRUE(page->emptyText().contains("No agent sessions")) << page->emptyText().toStdString();

    for (const char *text : {"one", "two", "three"})
        ASSERT_EQ(turn("claude-cli/2.1.197", "x-claude-code-session-id", "s-claude", text), 200);
    ASSERT_EQ(turn("codex_exec/0.171.0", "session-id", "s-codex", "other"), 200);
    ASSERT_EQ(turn("curl/8.0", "x-unrelated", "x", "no session"), 200);
    ASSERT_TRUE(refreshed());
    QTableWidget *sessions = page->sessionsTable();
    ASSERT_EQ(sessions->rowCount(), 2);
    EXPECT_TRUE(page->emptyText().isEmpty());
    int claudeRow = -1;
    for (int r = 0; r < sessions->rowCount(); ++r)
        if (sessions->item(r, SessionsPage::Agent)->text() == "Claude Code") claudeRow = r;
    ASSERT_GE(claudeRow, 0);
    EXPECT_EQ(sessions->item(claudeRow, SessionsPage::Turns)->text(), "3");
    EXPECT_EQ(sessions->item(claudeRow, SessionsPage::Models)->text(), "echo");

    QSignalSpy shown(page.get(), &SessionsPage::turnsShown);
    page->selectSession("s-claude");
    ASSERT_TRUE(!shown.isEmpty() || shown.wait(10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return page->turnsTable()->rowCount() == 3; }, 10000));
    EXPECT_EQ(page->turnsTable()->item(0, SessionsPage::Model)->text(), "mock/echo");
    // The mock reports no cache reads: every turn's bar is at 0%.
    ASSERT_EQ(page->chart()->ratios().size(), 3);
    for (const auto &ratio : page->chart()->ratios()) {
        ASSERT_TRUE(ratio.has_value());
        EXPECT_EQ(*ratio, 0.0);
    }

    // Double-clicking a turn asks for its request.
    QSignalSpy activated(page.get(), &SessionsPage::requestActivated);
    emit page->turnsTable()->cellDoubleClicked(1, SessionsPage::Time);
    ASSERT_EQ(activated.size(), 1);
    EXPECT_TRUE(activated.first().first().toString().startsWith("gh-"))
        << activated.first().first().toString().toStdString();
}

// Turns logged with their bodies and cache usage: the writer compares each
// with the turn before, and the Cache column says kept or why it missed.
TEST_F(Sessions, TheCacheColumnSaysWhyATurnMissed) {
    const QByteArray body = R"({"model":"claude","system":[{"type":"text","text":"You help.",
        "cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]})";
    QByteArray changed = body;
    changed.replace("You help.", "You help, in French.");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto log = [&](int i, const QByteArray &sent, int cached, int written) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("turn-%1").arg(i);
        t->startedAtMs = now - 5000 + i * 1000;
        t->endpoint = QStringLiteral("/anthropic/v1/messages");
        t->provider = QStringLiteral("anthropic");
        t->model = QStringLiteral("claude");
        t->status = 200;
        t->promptTokens = 5000;
        t->completionTokens = 10;
        t->cachedTokens = cached;
        t->cacheWriteTokens = written;
        t->agent = QStringLiteral("claude-code");
        t->sessionId = QStringLiteral("s-cache");
        t->sessionBody = sent;
        env->controller().gateway()->logs()->record(t);
    };
    log(0, body, 0, 4000);     // writes the cache
    log(1, body, 4000, 0);     // reads it all
    log(2, changed, 0, 4000);  // the system prompt changed
    ASSERT_TRUE(refreshed());
    QSignalSpy shown(page.get(), &SessionsPage::turnsShown);
    page->selectSession("s-cache");
    ASSERT_TRUE(!shown.isEmpty() || shown.wait(10000));
    QTableWidget *turns = page->turnsTable();
    ASSERT_TRUE(QTest::qWaitFor([&] { return turns->rowCount() == 3; }, 10000));
    EXPECT_EQ(turns->item(0, SessionsPage::CacheMiss)->text(), "");
    EXPECT_EQ(turns->item(1, SessionsPage::CacheMiss)->text(), "kept");
    EXPECT_EQ(turns->item(2, SessionsPage::CacheMiss)->text(), "missed: the system prompt changed");
    EXPECT_TRUE(turns->item(2, SessionsPage::CacheMiss)->toolTip().contains("left 4000"))
        << turns->item(2, SessionsPage::CacheMiss)->toolTip().toStdString();
}

// A turn whose conversation grew but counted fewer prompt tokens than the
// turn before (the server cut it to its context): the row is red, with the
// explanation on hover.
TEST_F(Sessions, ATurnWhosePromptWasCutShowsRed) {
    const QByteArray first =
        R"({"model":"qwen3:8b","messages":[{"role":"system","content":"You help."},
        {"role":"user","content":"read the file"}]})";
    const QByteArray second =
        R"({"model":"qwen3:8b","messages":[{"role":"system","content":"You help."},
        {"role":"user","content":"read the file"},{"role":"assistant","content":"done"},
        {"role":"user","content":"now fix it"}]})";
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto log = [&](int i, const QByteArray &sent, int prompt) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("ctx-turn-%1").arg(i);
        t->startedAtMs = now - 5000 + i * 1000;
        t->endpoint = QStringLiteral("/v1/chat/completions");
        t->provider = QStringLiteral("lmstudio");
        t->model = QStringLiteral("qwen3:8b");
        t->status = 200;
        t->promptTokens = prompt;
        t->completionTokens = 10;
        t->agent = QStringLiteral("codex");
        t->sessionId = QStringLiteral("s-cut");
        t->sessionBody = sent;
        env->controller().gateway()->logs()->record(t);
    };
    log(0, first, 3000);
    log(1, second, 1200);  // more messages, far fewer tokens
    ASSERT_TRUE(refreshed());
    QSignalSpy shown(page.get(), &SessionsPage::turnsShown);
    page->selectSession("s-cut");
    ASSERT_TRUE(!shown.isEmpty() || shown.wait(10000));
    QTableWidget *turns = page->turnsTable();
    ASSERT_TRUE(QTest::qWaitFor([&] { return turns->rowCount() == 2; }, 10000));
    EXPECT_NE(turns->item(0, SessionsPage::Model)->foreground().color(), QColor(0xc6, 0x28, 0x28));
    EXPECT_EQ(turns->item(1, SessionsPage::Model)->foreground().color(), QColor(0xc6, 0x28, 0x28));
    EXPECT_TRUE(
        turns->item(1, SessionsPage::TurnInput)->text().startsWith(QStringLiteral("\u26a0")));
    EXPECT_TRUE(turns->item(1, SessionsPage::Status)->toolTip().contains("down from 3000"))
        << turns->item(1, SessionsPage::Status)->toolTip().toStdString();
}

}  // namespace
}  // namespace gatehouse
