// Loading, the chain, discovery and run-time control of the plugin host,
// with real plugin files.
#include "EventLoopWait.h"
#include "PluginTestEnv.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>

namespace gatehouse {
namespace {

const QString kAnswerV1 = QStringLiteral(ANSWER_PLUGIN_V1_PATH);
const QString kAnswerV2 = QStringLiteral(ANSWER_PLUGIN_V2_PATH);
const QString kLogging = QStringLiteral(LOGGING_PLUGIN_PATH);
const QString kThrowing = QStringLiteral(THROWING_PLUGIN_PATH);
const QString kFailingInit = QStringLiteral(FAILING_INIT_PLUGIN_PATH);

QStringList chainNames(const PluginManager &host) {
    QStringList names;
    for (const auto &plugin : host.chain()->plugins()) names.append(plugin->name());
    return names;
}

QString readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

class PluginLifecycle : public ::testing::Test {
protected:
    PluginTestEnv env;
    std::unique_ptr<PluginManager> host = env.makeManager();
    QString error;
};

TEST_F(PluginLifecycle, ConfiguredPluginsRunInConfiguredOrder) {
    host->applyConfig({pluginEntry("log", kLogging), pluginEntry("answer", kAnswerV1),
                       pluginEntry("throwing", kThrowing)});
    EXPECT_EQ(chainNames(*host), QStringList({"log", "answer", "throwing"}));
    for (const PluginStatus &status : host->statuses()) {
        EXPECT_EQ(status.state, PluginState::Active) << status.name.toStdString();
        EXPECT_EQ(status.source, QStringLiteral("config.json"));
    }
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginLifecycle, StartingGoesFromLoadedToActive) {
    QList<PluginState> seen;
    QObject::connect(host.get(), &PluginManager::statusChanged, [&](const QString &name) {
        if (name == "answer") seen.append(stateOf(*host, "answer"));
    });
    host->applyConfig({pluginEntry("answer", kAnswerV1)});
    ASSERT_FALSE(seen.isEmpty());
    // Loaded: the library is in, init() has not finished.
    EXPECT_EQ(seen.first(), PluginState::Loaded);
    EXPECT_EQ(seen.last(), PluginState::Active);
}

TEST_F(PluginLifecycle, StatusCarriesTheMetadata) {
    host->applyConfig({pluginEntry("answer", kAnswerV1, {{"greeting", "hi"}}, 3)});
    const PluginStatus status = *host->status("answer");
    EXPECT_EQ(status.path, kAnswerV1);
    EXPECT_EQ(status.version, 3);
    EXPECT_TRUE(status.enabled);
    EXPECT_EQ(status.pluginName, QStringLiteral("answer"));
    EXPECT_EQ(status.pluginVersion, QStringLiteral("1.0.0"));
    EXPECT_EQ(status.apiVersion, 1);
    EXPECT_TRUE(status.description.startsWith(QStringLiteral("Answers every request")));
    EXPECT_EQ(status.hooks, QStringList{QStringLiteral("preHook")});
    EXPECT_TRUE(status.configSchema.value("properties").toObject().contains("greeting"));
    EXPECT_EQ(status.config.value("greeting").toString(), QStringLiteral("hi"));
    EXPECT_TRUE(status.loadedPath.startsWith(env.shadowDirectory() + "/answer-"))
        << status.loadedPath.toStdString();
    EXPECT_TRUE(status.error.isEmpty());
}

TEST_F(PluginLifecycle, PluginRunsFromAShadowCopyNotTheConfiguredFile) {
    host->applyConfig({pluginEntry("answer", kAnswerV1)});
    const QString loaded = host->status("answer")->loadedPath;
    EXPECT_NE(loaded, kAnswerV1);
    EXPECT_TRUE(QFile::exists(loaded));
    QFile a(loaded), b(kAnswerV1);
    ASSERT_TRUE(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    EXPECT_EQ(a.readAll(), b.readAll());
}

TEST_F(PluginLifecycle, DisabledEntryShowsMetadataButNeverRuns) {
    host->applyConfig({pluginEntry("log", kLogging, {}, 1, false)});
    const PluginStatus status = *host->status("log");
    EXPECT_EQ(status.state, PluginState::Disabled);
    EXPECT_EQ(status.pluginVersion, QStringLiteral("2.1.0"));
    EXPECT_TRUE(host->chain()->isEmpty());
    EXPECT_FALSE(hasLogLine(*host, "log", "init says hello"));
}

TEST_F(PluginLifecycle, UnconfiguredPluginsInTheUserDirectoryAreDiscovered) {
    QFile::copy(kAnswerV1, env.userPluginDirectory() + "/answer.so");
    const QString logging = env.userPluginDirectory() + "/logging.so";
    QFile::copy(kLogging, logging);
    QFile(env.userPluginDirectory() + "/broken.so").open(QIODevice::WriteOnly);
    host->applyConfig({pluginEntry("log", logging)});

    const PluginStatus answer = *host->status("answer");
    EXPECT_EQ(answer.state, PluginState::Discovered);
    EXPECT_EQ(answer.source, QStringLiteral("discovered"));
    EXPECT_FALSE(answer.enabled);
    EXPECT_EQ(answer.path, env.userPluginDirectory() + "/answer.so");
    EXPECT_EQ(answer.pluginVersion, QStringLiteral("1.0.0"));
    EXPECT_FALSE(hasLogLine(*host, "answer", "init"));  // no code ran

    const PluginStatus broken = *host->status("broken");
    EXPECT_EQ(broken.state, PluginState::Discovered);
    EXPECT_TRUE(broken.error.contains("is not a shared library")) << broken.error.toStdString();

    EXPECT_FALSE(host->status("logging-test"));  // configured, as "log"
    EXPECT_EQ(chainNames(*host), QStringList{"log"});
    // Configured plugins are listed first.
    EXPECT_EQ(host->statuses().first().name, QStringLiteral("log"));
}

TEST_F(PluginLifecycle, AddingADiscoveredPluginConfiguresIt) {
    const QString path = env.userPluginDirectory() + "/answer.so";
    QFile::copy(kAnswerV1, path);
    host->applyConfig({});
    ASSERT_EQ(stateOf(*host, "answer"), PluginState::Discovered);
    EXPECT_FALSE(host->setEnabled("answer", true, &error));
    EXPECT_TRUE(error.contains("only discovered")) << error.toStdString();

    ASSERT_TRUE(host->add(pluginEntry("answer", path), &error)) << error.toStdString();
    EXPECT_EQ(stateOf(*host, "answer"), PluginState::Active);
    EXPECT_EQ(host->status("answer")->source, QStringLiteral("api"));
    EXPECT_EQ(host->statuses().size(), 1);
}

TEST_F(PluginLifecycle, DisableTakesThePluginOutAndCleansItUp) {
    const QString marker = env.root() + "/cleanup.txt";
    host->applyConfig({pluginEntry("answer", kAnswerV1, {{"cleanupMarker", marker}})});
    QSignalSpy chainChanged(host.get(), &PluginManager::chainChanged);

    ASSERT_TRUE(host->setEnabled("answer", false, &error)) << error.toStdString();
    EXPECT_EQ(stateOf(*host, "answer"), PluginState::Disabled);
    EXPECT_TRUE(host->chain()->isEmpty());
    EXPECT_EQ(chainChanged.count(), 1);
    EXPECT_FALSE(host->status("answer")->enabled);
    // cleanup() runs from the event loop, once nothing holds the instance.
    EXPECT_TRUE(runEventsUntil([&] { return !readFile(marker).isEmpty(); }));
    EXPECT_EQ(readFile(marker), QStringLiteral("cleanup hello from v1\n"));

    ASSERT_TRUE(host->setEnabled("answer", true, &error)) << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginLifecycle, EnablingAFailingPluginReportsWhy) {
    host->applyConfig({pluginEntry("fails", kFailingInit, {}, 1, false)});
    EXPECT_FALSE(host->setEnabled("fails", true, &error));
    EXPECT_TRUE(error.contains("config.apiKey is missing")) << error.toStdString();
    EXPECT_EQ(stateOf(*host, "fails"), PluginState::Error);
}

TEST_F(PluginLifecycle, RemoveUnloadsAndKeepsTheStatusVisible) {
    const QString marker = env.root() + "/cleanup.txt";
    host->applyConfig({pluginEntry("answer", kAnswerV1, {{"cleanupMarker", marker}}),
                       pluginEntry("log", kLogging)});
    ASSERT_TRUE(host->remove("answer", &error)) << error.toStdString();
    EXPECT_EQ(stateOf(*host, "answer"), PluginState::Unloaded);
    EXPECT_EQ(chainNames(*host), QStringList{"log"});
    EXPECT_TRUE(runEventsUntil([&] { return !readFile(marker).isEmpty(); }));
    EXPECT_TRUE(hasLogLine(*host, "answer", "removed"));

    EXPECT_FALSE(host->remove("answer", &error));
    EXPECT_FALSE(host->remove("nobody", &error));
    EXPECT_EQ(error, QStringLiteral("no plugin named \"nobody\": GET /api/plugins lists them"));
}

TEST_F(PluginLifecycle, AddLoadsAtRunTimeAndRefusesTakenNames) {
    host->applyConfig({pluginEntry("log", kLogging)});
    ASSERT_TRUE(host->add(pluginEntry("answer", kAnswerV1), &error)) << error.toStdString();
    EXPECT_EQ(chainNames(*host), QStringList({"log", "answer"}));
    EXPECT_EQ(host->status("answer")->source, QStringLiteral("api"));

    EXPECT_FALSE(host->add(pluginEntry("answer", kAnswerV2), &error));
    EXPECT_TRUE(error.startsWith("a plugin named \"answer\" already exists"))
        << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginLifecycle, AddResolvesRelativePathsAgainstTheConfigDirectory) {
    env.copy(kAnswerV1, "plugins/answer.so");
    ASSERT_TRUE(host->add(pluginEntry("answer", "plugins/answer.so"), &error))
        << error.toStdString();
    EXPECT_EQ(host->status("answer")->path, env.root() + "/plugins/answer.so");
}

TEST_F(PluginLifecycle, AddingABrokenPluginFailsButListsIt) {
    EXPECT_FALSE(host->add(pluginEntry("fails", kFailingInit), &error));
    EXPECT_TRUE(error.contains("config.apiKey is missing")) << error.toStdString();
    EXPECT_EQ(stateOf(*host, "fails"), PluginState::Error);
    EXPECT_TRUE(host->chain()->isEmpty());
}

TEST_F(PluginLifecycle, SetConfigReinitialisesWithANewInstance) {
    host->applyConfig({pluginEntry("answer", kAnswerV1)});
    const std::shared_ptr<const PluginChain> before = host->chain();
    ASSERT_TRUE(host->setConfig("answer", {{"greeting", "hi"}}, &error)) << error.toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hi from v1"));
    EXPECT_EQ(answerOf(*before->plugins().first()), QStringLiteral("hello from v1"));
    EXPECT_NE(host->chain()->plugins().first()->plugin(), before->plugins().first()->plugin());
    EXPECT_EQ(host->status("answer")->config.value("greeting").toString(), QStringLiteral("hi"));
}

TEST_F(PluginLifecycle, ConfigTheSchemaRulesOutIsRefusedBeforeInit) {
    host->applyConfig({pluginEntry("answer", kAnswerV1)});
    const auto running = host->chain()->plugins().first();
    EXPECT_FALSE(host->setConfig("answer", {{"greeting", 42}}, &error));
    EXPECT_EQ(error, QStringLiteral("config refused by the plugin's configSchema: greeting: must "
                                    "be string, not integer"));
    EXPECT_EQ(host->status("answer")->config, QJsonObject());
    EXPECT_EQ(host->chain()->plugins().first(), running);
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginLifecycle, RefusedConfigKeepsTheRunningInstance) {
    host->applyConfig({pluginEntry("throwing", kThrowing)});
    const auto running = host->chain()->plugins().first();
    EXPECT_FALSE(host->setConfig("throwing", {{"throwIn", QJsonArray{"init"}}}, &error));
    EXPECT_TRUE(error.contains("boom in init")) << error.toStdString();
    EXPECT_TRUE(error.contains("the previous instance keeps running")) << error.toStdString();
    const PluginStatus status = *host->status("throwing");
    EXPECT_EQ(status.state, PluginState::Active);
    EXPECT_EQ(status.config, QJsonObject());
    EXPECT_EQ(host->chain()->plugins().first(), running);
}

TEST_F(PluginLifecycle, ShadowCopyOfUnchangedCodeIsReusedOnceIdle) {
    host->applyConfig({pluginEntry("answer", kAnswerV1)});
    const QString first = host->status("answer")->loadedPath;
    ASSERT_TRUE(host->setEnabled("answer", false, &error));
    runEventsUntil([&] { return hasLogLine(*host, "answer", "old instance was cleaned up"); });
    ASSERT_TRUE(host->setEnabled("answer", true, &error)) << error.toStdString();
    EXPECT_EQ(host->status("answer")->loadedPath, first);
    EXPECT_EQ(QDir(env.shadowDirectory()).entryList(QDir::Files).size(), 1);
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginLifecycle, StaleShadowCopiesAreRemovedAtStart) {
    QDir().mkpath(env.shadowDirectory());
    const QString stale = env.shadowDirectory() + "/answer-v1-0123456789abcdef.so";
    const QString unrelated = env.shadowDirectory() + "/notes.txt";
    QFile(stale).open(QIODevice::WriteOnly);
    QFile(unrelated).open(QIODevice::WriteOnly);
    const auto second = env.makeManager();
    EXPECT_FALSE(QFile::exists(stale));
    EXPECT_TRUE(QFile::exists(unrelated));
}

TEST_F(PluginLifecycle, DestroyingTheHostCleansUpEveryInstance) {
    const QString marker = env.root() + "/cleanup.txt";
    host->applyConfig({pluginEntry("answer", kAnswerV1, {{"cleanupMarker", marker}})});
    host.reset();
    EXPECT_EQ(readFile(marker), QStringLiteral("cleanup hello from v1\n"));
}

}  // namespace
}  // namespace gatehouse
