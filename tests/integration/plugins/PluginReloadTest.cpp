// Reloading rebuilt code: a version bump loads the file as it is now on disk
// (through a new shadow copy), swaps it in atomically, and lets requests
// that started on the old instance finish on it before it is cleaned up.
#include "EventLoopWait.h"
#include "PluginTestEnv.h"

#include <gtest/gtest.h>
#include <QSet>

#include <QFile>
#include <atomic>
#include <thread>

namespace gatehouse {
namespace {

const QString kAnswerV1 = QStringLiteral(ANSWER_PLUGIN_V1_PATH);
const QString kAnswerV2 = QStringLiteral(ANSWER_PLUGIN_V2_PATH);

QString readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

class PluginReload : public ::testing::Test {
protected:
    void SetUp() override {
        path = env.copy(kAnswerV1, "answer.so");
        host->applyConfig({pluginEntry("answer", path, {{"cleanupMarker", marker}})});
        ASSERT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
    }

    PluginTestEnv env;
    std::unique_ptr<PluginManager> host = env.makeManager();
    QString path;
    const QString marker = env.root() + "/cleanup.txt";
    QString error;
};

TEST_F(PluginReload, VersionBumpRunsTheRebuiltFile) {
    const QString before = host->status("answer")->loadedPath;
    env.copy(kAnswerV2, "answer.so");  // "rebuilt"
    ASSERT_TRUE(host->setVersion("answer", 2, &error)) << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v2"));
    const PluginStatus status = *host->status("answer");
    EXPECT_EQ(status.version, 2);
    EXPECT_EQ(status.state, PluginState::Active);
    EXPECT_TRUE(status.loadedPath.contains("/answer-")) << status.loadedPath.toStdString();
    EXPECT_NE(status.loadedPath, before);  // new code: a path never loaded before
}

// Reloading an unchanged build maps nothing new: an idle copy of the same
// content is reused, with a fresh plugin object. The new instance starts
// while the old one still runs, so two copies take turns.
TEST_F(PluginReload, VersionBumpOfAnUnchangedBuildReusesItsCopies) {
    QSet<QString> paths{host->status("answer")->loadedPath};
    for (int v = 2; v <= 10; ++v) {
        ASSERT_TRUE(host->setVersion("answer", v, &error)) << error.toStdString();
        runEventsFor(20);  // the replaced instance is retired
        EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
        EXPECT_EQ(host->status("answer")->version, v);
        paths.insert(host->status("answer")->loadedPath);
    }
    EXPECT_EQ(paths.size(), 2) << paths.values().join(' ').toStdString();
}

TEST_F(PluginReload, ReplacingTheFileAloneChangesNothing) {
    env.copy(kAnswerV2, "answer.so");
    host->applyConfig({pluginEntry("answer", path, {{"cleanupMarker", marker}})});
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginReload, ConfigVersionBumpReloads) {
    env.copy(kAnswerV2, "answer.so");
    host->applyConfig({pluginEntry("answer", path, {{"cleanupMarker", marker}}, 2)});
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v2"));
}

TEST_F(PluginReload, RequestOnTheOldChainFinishesOnTheOldInstance) {
    // A request in flight holds the chain it started with.
    std::shared_ptr<const PluginChain> inFlight = host->chain();
    env.copy(kAnswerV2, "answer.so");
    ASSERT_TRUE(host->setVersion("answer", 2, &error)) << error.toStdString();

    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v2"));
    EXPECT_EQ(answerOf(*inFlight->plugins().first()), QStringLiteral("hello from v1"));
    runEventsFor(50);
    EXPECT_EQ(readFile(marker), QString()) << "cleaned up while a request still used it";

    inFlight.reset();  // the request ends
    EXPECT_TRUE(runEventsUntil([&] { return !readFile(marker).isEmpty(); }));
    EXPECT_EQ(readFile(marker), QStringLiteral("cleanup hello from v1\n"));
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v2"));
}

TEST_F(PluginReload, OldInstanceIsCleanedUpOnTheMainThread) {
    std::shared_ptr<const PluginChain> inFlight = host->chain();
    ASSERT_TRUE(host->setVersion("answer", 2, &error)) << error.toStdString();
    // The last holder is a worker thread; cleanup() must still run here.
    std::thread worker([chain = std::move(inFlight)]() mutable { chain.reset(); });
    worker.join();
    EXPECT_EQ(readFile(marker), QString());
    EXPECT_TRUE(runEventsUntil([&] { return !readFile(marker).isEmpty(); }));
}

TEST_F(PluginReload, FailedReloadKeepsTheOldVersionRunning) {
    env.write("answer.so", "not yet built");
    EXPECT_FALSE(host->setVersion("answer", 2, &error));
    EXPECT_TRUE(error.contains("is not a shared library (ELF)")) << error.toStdString();
    EXPECT_TRUE(error.contains("the previous instance keeps running")) << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
    EXPECT_EQ(host->status("answer")->state, PluginState::Active);

    env.copy(kAnswerV2, "answer.so");
    ASSERT_TRUE(host->setVersion("answer", 2, &error)) << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v2"));
    EXPECT_TRUE(host->status("answer")->error.isEmpty());
}

TEST_F(PluginReload, ConcurrentReaderAlwaysSeesACompleteChain) {
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
        while (!stop) {
            const std::shared_ptr<const PluginChain> chain = host->chain();
            if (chain->plugins().size() != 1) {
                ++bad;
                continue;
            }
            const QString answer = answerOf(*chain->plugins().first());
            if (!answer.endsWith(QStringLiteral("from v1")) &&
                !answer.endsWith(QStringLiteral("from v2")))
                ++bad;
        }
    });
    for (int version = 2; version < 12; ++version) {
        env.copy(version % 2 ? kAnswerV1 : kAnswerV2, "answer.so");
        ASSERT_TRUE(host->setVersion("answer", version, &error)) << error.toStdString();
        runEventsFor(5);
    }
    stop = true;
    reader.join();
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

}  // namespace
}  // namespace gatehouse
