// The safe hook calls: exceptions never reach the pipeline, hook errors and
// plugin output land in the plugin's log with hook and request id, and every
// call is counted and timed.
#include "EventLoopWait.h"
#include "PluginTestEnv.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <thread>

namespace gatehouse {
namespace {

const QString kThrowing = QStringLiteral(THROWING_PLUGIN_PATH);
const QString kLogging = QStringLiteral(LOGGING_PLUGIN_PATH);

// Calls `hook` of `plugin` with arguments a hook would change; returns the
// hookError, and checks the arguments are back as they were if it threw.
QString callHook(ActivePlugin &plugin, const QString &hook, bool expectUnchanged) {
    TestPluginContext context(QStringLiteral("req-42"));
    if (hook == "transportInterceptor") {
        PluginHeaders headers{{"a", "b"}};
        QJsonObject body{{"model", "x"}};
        const HookResult r = callTransportInterceptor(plugin, context, "/v1/x", headers, body);
        if (expectUnchanged) {
            EXPECT_EQ(headers, PluginHeaders({{"a", "b"}}));
            EXPECT_EQ(body, QJsonObject({{"model", "x"}}));
        }
        return r.hookError;
    }
    if (hook == "preHook") {
        PluginRequest request;
        request.model = "gpt";
        const PreHookResult r = callPreHook(plugin, context, request);
        EXPECT_EQ(r.action, PreHookResult::Action::Continue);
        if (expectUnchanged) {
            EXPECT_EQ(request.model, QStringLiteral("gpt"));
        }
        return r.hookError;
    }
    if (hook == "postHook") {
        std::optional<PluginResponse> response = PluginResponse{{{"id", "1"}}, {}};
        std::optional<PluginError> error;
        const HookResult r = callPostHook(plugin, context, response, error);
        if (expectUnchanged) {
            EXPECT_TRUE(response.has_value());
            EXPECT_FALSE(error.has_value());
        }
        return r.hookError;
    }
    QJsonObject chunk{{"n", 1}};
    const ChunkResult r = callStreamChunk(plugin, context, chunk);
    EXPECT_FALSE(r.drop);
    if (expectUnchanged) {
        EXPECT_EQ(chunk, QJsonObject({{"n", 1}}));
    }
    return r.hookError;
}

class PluginHookFixture : public ::testing::Test {
protected:
    std::shared_ptr<ActivePlugin> load(const QString &path, QJsonObject config = {}) {
        host->applyConfig({pluginEntry("p", path, config)});
        EXPECT_EQ(stateOf(*host, "p"), PluginState::Active) << errorOf(*host, "p").toStdString();
        return host->chain()->find("p");
    }
    PluginLogLine lastLine(const QString &name) {
        const QList<PluginLogLine> lines = host->logs(name, 0, 10000);
        return lines.isEmpty() ? PluginLogLine() : lines.last();
    }

    PluginTestEnv env;
    std::unique_ptr<PluginManager> host = env.makeManager();
};

class PluginHookCalls : public PluginHookFixture,
                        public ::testing::WithParamInterface<const char *> {};

TEST_P(PluginHookCalls, StdExceptionIsCaughtLoggedCountedAndUndone) {
    const QString hook = QString::fromLatin1(GetParam());
    const auto plugin = load(kThrowing, {{"throwIn", QJsonArray{hook}}});
    ASSERT_TRUE(plugin);
    const QString hookError = callHook(*plugin, hook, true);
    EXPECT_EQ(hookError, QStringLiteral("%1 threw std::runtime_error: boom in %1").arg(hook));

    const PluginLogLine line = lastLine("p");
    EXPECT_EQ(line.level, QStringLiteral("error"));
    EXPECT_EQ(line.hook, hook);
    EXPECT_EQ(line.requestId, QStringLiteral("req-42"));
    EXPECT_TRUE(line.message.startsWith(hookError)) << line.message.toStdString();

    const HookStats stats = host->status("p")->stats.value(hook);
    EXPECT_EQ(stats.calls, 1u);
    EXPECT_EQ(stats.errors, 1u);
}

TEST_P(PluginHookCalls, NonStandardExceptionIsCaught) {
    const QString hook = QString::fromLatin1(GetParam());
    const auto plugin = load(kThrowing, {{"throwIn", QJsonArray{hook}}, {"kind", "int"}});
    ASSERT_TRUE(plugin);
    EXPECT_EQ(callHook(*plugin, hook, true),
              QStringLiteral("%1 threw int (not a std::exception)").arg(hook));
    EXPECT_EQ(host->status("p")->stats.value(hook).errors, 1u);
}

TEST_P(PluginHookCalls, ReturnedHookErrorIsLoggedAndCounted) {
    const QString hook = QString::fromLatin1(GetParam());
    const auto plugin = load(kThrowing, {{"failIn", QJsonArray{hook}}});
    ASSERT_TRUE(plugin);
    EXPECT_EQ(callHook(*plugin, hook, false), QStringLiteral("refused in %1").arg(hook));
    const PluginLogLine line = lastLine("p");
    EXPECT_EQ(line.message, QStringLiteral("refused in %1").arg(hook));
    EXPECT_EQ(line.hook, hook);
    EXPECT_EQ(line.requestId, QStringLiteral("req-42"));
    EXPECT_EQ(host->status("p")->stats.value(hook).errors, 1u);
}

TEST_P(PluginHookCalls, SuccessfulCallIsCountedAndTimed) {
    const QString hook = QString::fromLatin1(GetParam());
    const auto plugin = load(kThrowing);
    ASSERT_TRUE(plugin);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(callHook(*plugin, hook, false), QString());
    const HookStats stats = host->status("p")->stats.value(hook);
    EXPECT_EQ(stats.calls, 3u);
    EXPECT_EQ(stats.errors, 0u);
    EXPECT_GT(stats.meanMicros, 0.0);
}

INSTANTIATE_TEST_SUITE_P(EveryHook, PluginHookCalls,
                         ::testing::Values("transportInterceptor", "preHook", "postHook",
                                           "streamChunk"));

class PluginOutput : public PluginHookFixture {};

TEST_F(PluginOutput, CleanupExceptionIsLogged) {
    load(kThrowing, {{"throwIn", QJsonArray{"cleanup"}}});
    QString error;
    ASSERT_TRUE(host->setEnabled("p", false, &error));
    EXPECT_TRUE(runEventsUntil([&] {
        return hasLogLine(*host, "p", "cleanup() threw std::runtime_error: boom in cleanup");
    }));
}

TEST_F(PluginOutput, HooksTheMetadataDoesNotListAreNotCalled) {
    const auto plugin = load(kLogging);  // plugin.json: "hooks": ["preHook"]
    ASSERT_TRUE(plugin);
    EXPECT_FALSE(plugin->hasHook(PluginHook::PostHook));
    EXPECT_TRUE(plugin->hasHook(PluginHook::PreHook));
    callHook(*plugin, "postHook", false);
    EXPECT_FALSE(host->status("p")->stats.contains("postHook"));
}

TEST_F(PluginOutput, MessagesFromInitAndHooksAreAttributedToThePlugin) {
    auto plugin = load(kLogging);
    ASSERT_TRUE(plugin);
    TestPluginContext context(QStringLiteral("req-7"));
    PluginRequest request;
    request.model = "gpt-x";
    callPreHook(*plugin, context, request);
    plugin.reset();  // the "request" is over: nothing holds the instance now

    auto find = [&](const QString &message) {
        for (const PluginLogLine &line : host->logs("p", 0, 1000))
            if (line.message == message) return line;
        ADD_FAILURE() << "no log line " << message.toStdString() << " in "
                      << messagesOf(*host, "p").join(" | ").toStdString();
        return PluginLogLine();
    };
    PluginLogLine line = find("init says hello");
    EXPECT_EQ(line.plugin, QStringLiteral("p"));
    EXPECT_EQ(line.hook, QStringLiteral("init"));
    EXPECT_EQ(line.level, QStringLiteral("info"));
    EXPECT_EQ(find("init via host").hook, QStringLiteral("init"));

    line = find("preHook saw model gpt-x");
    EXPECT_EQ(line.hook, QStringLiteral("preHook"));
    EXPECT_EQ(line.requestId, QStringLiteral("req-7"));
    EXPECT_EQ(find("a debug detail").level, QStringLiteral("debug"));
    EXPECT_EQ(find("a warning").level, QStringLiteral("warning"));
    line = find("an error via host");
    EXPECT_EQ(line.level, QStringLiteral("error"));
    EXPECT_EQ(line.requestId, QStringLiteral("req-7"));

    QString error;
    ASSERT_TRUE(host->setEnabled("p", false, &error));
    EXPECT_TRUE(runEventsUntil([&] { return hasLogLine(*host, "p", "cleanup says goodbye"); }));
    EXPECT_EQ(find("cleanup says goodbye").hook, QStringLiteral("cleanup"));
}

TEST_F(PluginOutput, MessagesFromAWorkerThreadHookAreAttributed) {
    const auto plugin = load(kLogging);
    ASSERT_TRUE(plugin);
    std::thread worker([&] {
        TestPluginContext context(QStringLiteral("req-worker"));
        PluginRequest request;
        request.model = "on-a-worker";
        callPreHook(*plugin, context, request);
    });
    worker.join();
    const PluginLogLine line =
        host->logs("p", 0, 1000)
            .at(messagesOf(*host, "p").indexOf("preHook saw model on-a-worker"));
    EXPECT_EQ(line.requestId, QStringLiteral("req-worker"));
}

TEST_F(PluginOutput, MessagesOutsidePluginCodeAreNotAttributed) {
    load(kLogging);
    const int before = messagesOf(*host, "p").size();
    qInfo("the host talking");
    EXPECT_EQ(messagesOf(*host, "p").size(), before);
}

TEST_F(PluginOutput, LogLinesAreSignalled) {
    QSignalSpy spy(host.get(), &PluginManager::logLine);
    load(kLogging);
    ASSERT_GE(spy.count(), 2);
    const auto line = spy.first().first().value<PluginLogLine>();
    EXPECT_EQ(line.plugin, QStringLiteral("p"));
    EXPECT_GT(line.id, 0);
}

TEST_F(PluginHookFixture, ObserverSeesEachCallWithHookRequestAndOutcome) {
    const auto plugin = load(kThrowing, {{"failIn", QJsonArray{"postHook"}}});
    ASSERT_TRUE(plugin);
    QMutex mutex;
    QList<HookCallRecord> seen;
    host->setHookCallObserver([&](const HookCallRecord &r) {
        QMutexLocker locker(&mutex);
        seen.append(r);
    });
    callHook(*plugin, "preHook", false);
    callHook(*plugin, "postHook", false);
    ASSERT_EQ(seen.size(), 2);
    EXPECT_EQ(seen[0].plugin, QStringLiteral("p"));
    EXPECT_EQ(seen[0].hook, QStringLiteral("preHook"));
    EXPECT_EQ(seen[0].requestId, QStringLiteral("req-42"));
    EXPECT_EQ(seen[0].outcome, QStringLiteral("ok"));
    EXPECT_GT(seen[0].nanos, 0);
    EXPECT_EQ(seen[1].hook, QStringLiteral("postHook"));
    EXPECT_EQ(seen[1].outcome, QStringLiteral("error"));
    EXPECT_EQ(seen[1].message, QStringLiteral("refused in postHook"));
}

TEST_F(PluginHookFixture, NoObserverNoCallsAfterItIsRemoved) {
    const auto plugin = load(kThrowing);
    ASSERT_TRUE(plugin);
    int calls = 0;
    host->setHookCallObserver([&](const HookCallRecord &) { ++calls; });
    callHook(*plugin, "preHook", false);
    host->setHookCallObserver(nullptr);
    callHook(*plugin, "preHook", false);
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace gatehouse
