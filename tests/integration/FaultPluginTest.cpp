// Plugin faults against the running gateway: hooks that throw, answer
// garbage or block, a plugin whose init fails, one deleted from disk while
// loaded, and one reloaded 100 times under load. Whatever a plugin does,
// the client gets an answer or a clear error and the gateway keeps serving.
#include "FaultChecks.h"
#include "config/GatewayConfig.h"
#include "plugins/PluginChain.h"
#include "plugins/PluginInstance.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>

#include <unistd.h>
#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

using namespace gatehouse;

namespace {

struct Descriptors {
    int total = 0;
    // Each thread with a Qt event dispatcher holds one (eventfd); hook threads
    // come and go with the load (up to plugin_hook_threads, ended after 30 s
    // idle), so these are counted apart.
    int threadWakeups = 0;
    int others() const { return total - threadWakeups; }
};

Descriptors openFileDescriptors() {
    Descriptors d;
    const QString dir = QStringLiteral("/proc/self/fd/");
    for (const QString &fd :
         QDir(dir).entryList(QDir::NoDotAndDotDot | QDir::System | QDir::AllEntries)) {
        char target[256] = {};
        const ssize_t n =
            ::readlink(QFile::encodeName(dir + fd).constData(), target, sizeof target - 1);
        ++d.total;
        if (n > 0 && QByteArray(target, int(n)) == "anon_inode:[eventfd]") ++d.threadWakeups;
    }
    return d;
}

// Plugin libraries mapped into this process (each loaded shadow copy of a
// plugin is one file): an instance that is never unloaded stays mapped.
int mappedPluginLibraries() {
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly)) return -1;
    QSet<QByteArray> files;
    for (const QByteArray &line : maps.readAll().split('\n'))
        if (line.contains("plugin-shadow/")) files.insert(line.mid(line.indexOf('/')));
    return int(files.size());
}

void runEventsFor(int ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

class FaultPluginTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
    }
    void TearDown() override {
        if (gateway.port() == 0) return;
        if (!healthyModel.isEmpty()) {
            expectStillServing(gateway.port(), healthyModel);
            return;
        }
        // A plugin that answers everything itself: health and a 200 suffice.
        EXPECT_EQ(TestHttpClient::get(gateway.port(), "/health").status, 200);
        EXPECT_EQ(chat("still alive").status, 200);
    }
    // `plugins`: the config's "plugins" array. With one worker, whatever
    // blocks that worker holds up every request: the strict test of holding up.
    void start(const QString &plugins, int workers = 2) {
        const QByteArray config = QStringLiteral(R"({ "providers": { "mock": { "keys": [],
                                 "mock_config": { "stream_chunk_delay_ms": 1 } } },
                                "plugins": %1 })")
                                      .arg(plugins)
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error, workers)) << error.toStdString();
    }
    void startFaultPluginOnOneWorker() {
        start(QStringLiteral(R"([ { "name": "fault", "path": "%1" } ])").arg(FAULT_PLUGIN_PATH), 1);
    }
    PluginManager &plugins() { return *gateway.gateway().plugins(); }
    QStringList logMessages(const QString &plugin, const QString &level = {}) {
        QStringList out;
        for (const PluginLogLine &l : plugins().logs(plugin, 0, 1000))
            if (level.isEmpty() || l.level == level) out << l.hook + ": " + l.message;
        return out;
    }
    // The fault plugin's preHook is holding a request until `release` exists.
    bool waitUntilHeld(const QString &release) {
        for (int i = 0; i < 2000 && !QFile::exists(release + ".held"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return QFile::exists(release + ".held");
    }
    // `n` requests at once; how many were answered 200 (each may take 20 s).
    int quickRequestsWhileHeld(int n) {
        std::atomic<int> ok{0};
        std::vector<std::thread> quick;
        for (int i = 0; i < n; ++i) {
            quick.emplace_back([&] {
                const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                                    chatBody("mock/echo", "quick"), {}, 20000);
                if (r.status == 200 && answerText(r.body) == "quick") ++ok;
            });
        }
        for (auto &t : quick) t.join();
        return ok;
    }
    TestHttpResponse chat(const QString &text, bool stream = false, const HttpHeaders &h = {}) {
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody("mock/echo", text, stream), h, 20000);
    }

    QTemporaryDir dir;
    GatewayHarness gateway;
    QString healthyModel = QStringLiteral("mock/echo");
};

}  // namespace

TEST_F(FaultPluginTest, ThrowingFromEveryHookNeverReachesTheClient) {
    for (const char *kind : {"std", "int"}) {
        SCOPED_TRACE(kind);
        gateway.stop();
        start(QStringLiteral(R"([ { "name": "throwing", "path": "%1", "config": {
              "throwIn": ["transportInterceptor", "preHook", "postHook", "streamChunk"],
              "kind": "%2" } } ])")
                  .arg(THROWING_PLUGIN_PATH, kind));
        ASSERT_EQ(plugins().status("throwing")->state, PluginState::Active);
        const auto plain = chat("plain");
        EXPECT_EQ(plain.status, 200) << plain.body.toStdString();
        EXPECT_EQ(answerText(plain.body), "plain");
        const auto streamed = chat("streamed", true);
        EXPECT_EQ(streamed.status, 200);
        EXPECT_EQ(streamedText(streamed.body), "streamed");
        EXPECT_FALSE(streamed.body.contains("touched"));  // the hook's change was undone
        // Each hook's exception is logged against the plugin.
        const QString errors = logMessages("throwing", "error").join('\n');
        for (const char *hook : {"transportInterceptor", "preHook", "postHook", "streamChunk"})
            EXPECT_TRUE(errors.contains(QLatin1String(hook))) << hook << errors.toStdString();
        const auto stats = plugins().status("throwing")->stats;
        EXPECT_GE(stats.value("preHook").errors, 2u);
    }
}

TEST_F(FaultPluginTest, InitThatThrowsOrFailsLeavesThePluginOutAndTheGatewayServing) {
    start(
        QStringLiteral(R"([ { "name": "throwing", "path": "%1", "config": { "throwIn": ["init"] } },
                            { "name": "failing", "path": "%2" },
                            { "name": "fault", "path": "%3" } ])")
            .arg(THROWING_PLUGIN_PATH, FAILING_INIT_PLUGIN_PATH, FAULT_PLUGIN_PATH));
    for (const char *name : {"throwing", "failing"}) {
        const auto status = plugins().status(name);
        ASSERT_TRUE(status.has_value());
        EXPECT_EQ(status->state, PluginState::Error) << name;
        EXPECT_FALSE(status->error.isEmpty()) << name;
    }
    EXPECT_EQ(plugins().status("fault")->state, PluginState::Active);
    EXPECT_EQ(answerText(chat("served").body), "served");
}

TEST_F(FaultPluginTest, GarbageFromAHookBecomesAClearErrorOrIsIgnored) {
    start(QStringLiteral(R"([ { "name": "fault", "path": "%1" } ])").arg(FAULT_PLUGIN_PATH));
    for (const QByteArray fault :
         {"respond-empty", "respond-array", "reject-empty", "post-null", "post-empty-error"}) {
        for (bool stream : {false, true}) {
            HttpHeaders h;
            h.add("x-fault", fault);
            const auto r = chat("garbage", stream, h);
            SCOPED_TRACE(fault.toStdString() + (stream ? " streamed" : ""));
            ASSERT_TRUE(r.complete) << r.error.toStdString();
            if (r.status == 200) {
                // Passed on as the plugin's answer, or the real one: well-formed.
                // A stream ends with [DONE], or with an error event once the
                // answer turned into an error after its chunks were sent.
                if (stream) {
                    const QList<QByteArray> events = sseData(r.body);
                    ASSERT_FALSE(events.isEmpty()) << r.body.toStdString();
                    const QJsonObject last = jsonOf(events.last());
                    EXPECT_TRUE(
                        events.last() == "[DONE]" ||
                        !last.value("error").toObject().value("message").toString().isEmpty())
                        << r.body.toStdString();
                } else {
                    EXPECT_FALSE(jsonOf(r.body).isEmpty()) << r.body.toStdString();
                }
            } else {
                EXPECT_GE(r.status, 400);
                EXPECT_LT(r.status, 600);
                const QJsonObject error = jsonOf(r.body).value("error").toObject();
                EXPECT_FALSE(error.value("message").toString().isEmpty()) << r.body.toStdString();
            }
        }
    }
    // Chunks replaced by garbage or dropped: the stream still ends properly.
    for (const QByteArray fault : {"chunk-garbage", "chunk-drop"}) {
        HttpHeaders h;
        h.add("x-fault", fault);
        const auto r = chat("chunks", true, h);
        EXPECT_EQ(r.status, 200) << fault.toStdString();
        EXPECT_TRUE(r.body.contains("data: [DONE]")) << fault.toStdString();
    }
}

TEST_F(FaultPluginTest, SlowHookIsReportedAndItsRequestAnswered) {
    start(QStringLiteral(R"([ { "name": "fault", "path": "%1" } ])").arg(FAULT_PLUGIN_PATH));
    HttpHeaders h;
    h.add("x-fault-sleep-ms", "1000");
    const auto r = chat("one second", false, h);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(answerText(r.body), "one second");
    const QStringList warnings = logMessages("fault", "warning");
    ASSERT_FALSE(warnings.isEmpty());
    EXPECT_TRUE(warnings.join('\n').contains("preHook took")) << warnings.join('\n').toStdString();
}

// A fresh plugin instance is unproven: its hooks run on the hook threads, so
// a preHook that blocks holds up its own request and nothing else, even on
// a gateway with a single worker thread.
TEST_F(FaultPluginTest, SlowHookHoldsUpOnlyItsOwnRequest) {
    startFaultPluginOnOneWorker();
    // The slow request's preHook blocks until this file exists.
    const QString release = dir.filePath("release");
    TestHttpResponse slow;
    std::atomic<bool> slowDone{false};
    std::thread slowClient([&] {
        HttpHeaders h;
        h.add("x-fault-hold-until", release.toUtf8());
        slow = chat("slow", false, h);
        slowDone = true;
    });
    ASSERT_TRUE(waitUntilHeld(release));
    EXPECT_EQ(quickRequestsWhileHeld(20), 20);
    EXPECT_FALSE(slowDone);  // still held: the others did not wait for it
    QFile(release).open(QIODevice::WriteOnly);
    slowClient.join();
    EXPECT_EQ(slow.status, 200);
    EXPECT_EQ(answerText(slow.body), "slow");
    HttpHeaders h;
    h.add("x-fault-sleep-ms", "1000");
    EXPECT_EQ(chat("one second", false, h).status, 200);
    const QStringList warnings = logMessages("fault", "warning");
    ASSERT_FALSE(warnings.isEmpty());
    EXPECT_TRUE(warnings.join('\n').contains("preHook took")) << warnings.join('\n').toStdString();
}

// A plugin proven fast runs inline; two calls over 10 ms in a row move its
// hooks back to the hook threads, it says so in its log, and from then on a
// blocking preHook holds up only its own request.
TEST_F(FaultPluginTest, HookThatTurnsSlowMovesToTheHookThreads) {
    startFaultPluginOnOneWorker();
    auto verdict = [&] { return plugins().chain()->find("fault")->pace().verdict(); };
    // Fast calls in a row prove it (one slowed by a busy machine starts the
    // count again, hence more requests than the calls needed).
    for (int i = 0; i < 20 * HookPace::kProvingCalls && verdict() != HookPace::Verdict::Fast; ++i)
        ASSERT_EQ(chat("warm").status, 200);
    ASSERT_EQ(verdict(), HookPace::Verdict::Fast);
    EXPECT_EQ(plugins().status("fault")->hookPace, "fast");
    HttpHeaders h;
    h.add("x-fault-sleep-ms", "50");
    // One call over 10 ms is a strike (a preempted thread looks the same);
    // the second within 2 s moves it.
    EXPECT_EQ(chat("fifty ms", false, h).status, 200);
    EXPECT_EQ(chat("fifty ms again", false, h).status, 200);
    EXPECT_EQ(verdict(), HookPace::Verdict::Slow);
    EXPECT_EQ(chat("fifty ms once more", false, h).status, 200);  // on a hook thread: not reported
    const QStringList moved = logMessages("fault", "warning").filter("now run on the hook threads");
    ASSERT_EQ(moved.size(), 1) << logMessages("fault").join('\n').toStdString();
    EXPECT_TRUE(moved.first().startsWith("preHook: preHook took")) << moved.first().toStdString();
    EXPECT_TRUE(moved.first().contains("calls in a row return in under 1 ms"))
        << moved.first().toStdString();

    const QString release = dir.filePath("release");
    TestHttpResponse slow;
    std::thread slowClient([&] {
        HttpHeaders hold;
        hold.add("x-fault-hold-until", release.toUtf8());
        slow = chat("slow", false, hold);
    });
    ASSERT_TRUE(waitUntilHeld(release));
    EXPECT_EQ(quickRequestsWhileHeld(20), 20);
    QFile(release).open(QIODevice::WriteOnly);
    slowClient.join();
    EXPECT_EQ(slow.status, 200);
    EXPECT_EQ(verdict(), HookPace::Verdict::Slow);
    EXPECT_EQ(plugins().status("fault")->hookPace, "slow");
}

// The client gives up while its preHook is held on a hook thread: the
// request is finished (and counted) once the hook returns, not before, and
// nothing else waits for it.
TEST_F(FaultPluginTest, ClientLeavingWhileItsHookIsHeldIsFinishedWhenTheHookReturns) {
    startFaultPluginOnOneWorker();
    const QString release = dir.filePath("release");
    HttpHeaders h;
    h.add("x-fault-hold-until", release.toUtf8());
    std::thread leaving([&] {
        // Times out (and closes its connection) long before the hook returns.
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "gone"),
                             h, 300);
    });
    ASSERT_TRUE(waitUntilHeld(release));
    leaving.join();
    EXPECT_EQ(answerText(chat("meanwhile").body), "meanwhile");
    EXPECT_EQ(inFlightOf(gateway.port()), 1);  // the held one
    QFile(release).open(QIODevice::WriteOnly);
    // TearDown: served, and in_flight back to 0.
}

// A plugin reloaded while its hook is out on a hook thread: the request
// finishes on the old instance, which stays alive until then.
TEST_F(FaultPluginTest, ReloadWhileAHookIsHeldFinishesOnTheOldInstance) {
    startFaultPluginOnOneWorker();
    const QString release = dir.filePath("release");
    TestHttpResponse slow;
    std::thread slowClient([&] {
        HttpHeaders h;
        h.add("x-fault-hold-until", release.toUtf8());
        slow = chat("held across a reload", false, h);
    });
    ASSERT_TRUE(waitUntilHeld(release));
    const std::weak_ptr<PluginInstance> old = plugins().chain()->find("fault")->instance();
    QString error;
    ASSERT_TRUE(gateway.gateway().setPluginVersion("fault", 2, &error)) << error.toStdString();
    runEventsFor(50);
    EXPECT_FALSE(old.expired());  // the held request still holds it
    EXPECT_EQ(answerText(chat("on the new one").body), "on the new one");
    QFile(release).open(QIODevice::WriteOnly);
    slowClient.join();
    EXPECT_EQ(slow.status, 200);
    EXPECT_EQ(answerText(slow.body), "held across a reload");
    for (int i = 0; i < 500 && !old.expired(); ++i) runEventsFor(10);
    EXPECT_TRUE(old.expired());  // retired once the request let go
}

TEST_F(FaultPluginTest, PluginDeletedFromDiskWhileLoadedKeepsRunningUntilReplaced) {
    const QString path = dir.filePath("answer.so");
    ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V1_PATH, path));
    start(QStringLiteral(R"([ { "name": "answer", "path": "%1" } ])").arg(path));
    healthyModel = QString();  // the answer plugin answers everything itself
    ASSERT_TRUE(QFile::remove(path));
    auto answerOf = [&] { return jsonOf(chat("x").body).value("answer").toString(); };
    EXPECT_EQ(answerOf(), "hello from v1");
    // A reload now cannot find the file: refused, the running instance stays.
    QString error;
    EXPECT_FALSE(gateway.gateway().setPluginVersion("answer", 2, &error));
    EXPECT_TRUE(error.contains(path)) << error.toStdString();
    EXPECT_EQ(plugins().status("answer")->state, PluginState::Active);
    EXPECT_EQ(answerOf(), "hello from v1");
    // Put back (rebuilt): the next reload takes it.
    ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V2_PATH, path));
    EXPECT_TRUE(gateway.gateway().setPluginVersion("answer", 3, &error)) << error.toStdString();
    EXPECT_EQ(answerOf(), "hello from v2");
}

TEST_F(FaultPluginTest, HundredReloadsUnderLoadFailNothingAndLeakNoDescriptors) {
    const QString path = dir.filePath("answer.so");
    ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V1_PATH, path));
    start(QStringLiteral(R"([ { "name": "answer", "path": "%1" } ])").arg(path));
    healthyModel = QString();
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    std::mutex mutex;
    QStringList failures;
    auto load = [&] {
        std::vector<std::thread> threads;
        for (int i = 0; i < 16; ++i) {
            threads.emplace_back([&] {
                while (!stop) {
                    const auto r = chat("x");
                    if (r.status == 200 &&
                        jsonOf(r.body).value("answer").toString().startsWith("hello from v")) {
                        ++ok;
                    } else {
                        ++failed;
                        std::lock_guard<std::mutex> lock(mutex);
                        failures << QString::number(r.status) + ' ' + r.error;
                    }
                }
            });
        }
        return threads;
    };
    auto reload = [&](int version) {
        const QString tmp = path + ".new";
        QFile::remove(tmp);
        ASSERT_TRUE(QFile::copy(version % 2 ? ANSWER_PLUGIN_V2_PATH : ANSWER_PLUGIN_V1_PATH, tmp));
        ASSERT_EQ(::rename(tmp.toLocal8Bit().constData(), path.toLocal8Bit().constData()), 0);
        QString error;
        ASSERT_TRUE(gateway.gateway().setPluginVersion("answer", version, &error))
            << error.toStdString();
        runEventsFor(20);
    };
    // Warm-up: a few reloads under load, so lazily created things (shadow
    // directory, thread pools, sockets' first use) exist before counting.
    stop = false;
    auto threads = load();
    for (int v = 2; v <= 4; ++v) reload(v);
    stop = true;
    for (auto &t : threads) t.join();
    runEventsFor(500);
    const Descriptors fdsBefore = openFileDescriptors();
    const int librariesBefore = mappedPluginLibraries();

    stop = false;
    threads = load();
    for (int v = 5; v < 105; ++v) reload(v);
    stop = true;
    for (auto &t : threads) t.join();
    runEventsFor(500);
    const Descriptors fdsAfter = openFileDescriptors();
    const int librariesAfter = mappedPluginLibraries();

    EXPECT_EQ(failed, 0) << failures.mid(0, 5).join(" | ").toStdString();
    EXPECT_GT(ok, 100);
    EXPECT_EQ(plugins().status("answer")->version, 104);
    // Connections still closing may hold a descriptor for a moment; a leak of
    // one per reload would be 100.
    EXPECT_LE(fdsAfter.others(), fdsBefore.others() + 4)
        << "before " << fdsBefore.others() << ", after " << fdsAfter.others();
    // Hook threads (one wake-up descriptor each) are as many as the load
    // needed, at most plugin_hook_threads.
    EXPECT_LE(fdsAfter.threadWakeups, fdsBefore.threadWakeups + ClientConfig().pluginHookThreads);
    // The two builds' copies are reused: not one more library mapped per
    // reload (at most one more, while an instance is being retired).
    EXPECT_GE(librariesBefore, 1);
    EXPECT_LE(librariesAfter, librariesBefore + 1)
        << "before " << librariesBefore << ", after " << librariesAfter;
    std::cout << "[ libraries ] before " << librariesBefore << ", after " << librariesAfter << "\n";
    std::cout << "[ fds ] before " << fdsBefore.others() << " (+" << fdsBefore.threadWakeups
              << " thread wake-ups), after 100 reloads " << fdsAfter.others() << " (+"
              << fdsAfter.threadWakeups << "), " << ok.load() << " requests\n";
}
