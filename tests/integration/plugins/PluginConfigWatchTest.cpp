// Following config.json: an edit that bumps a plugin's version reloads it,
// editors that replace the file are followed, a broken file changes nothing.
#include "EventLoopWait.h"
#include "PluginTestEnv.h"
#include "config/ConfigLoader.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

namespace gatehouse {
namespace {

const QString kAnswerV1 = QStringLiteral(ANSWER_PLUGIN_V1_PATH);
const QString kAnswerV2 = QStringLiteral(ANSWER_PLUGIN_V2_PATH);

QByteArray configJson(int version, const QString &greeting = QStringLiteral("hello")) {
    // Relative: resolved against the config file's directory.
    const QJsonObject plugin{{"name", "answer"},
                             {"path", "plugins/answer.so"},
                             {"version", version},
                             {"config", QJsonObject{{"greeting", greeting}}}};
    return QJsonDocument(QJsonObject{{"plugins", QJsonArray{plugin}}}).toJson();
}

class PluginConfigWatch : public ::testing::Test {
protected:
    void SetUp() override {
        env.copy(kAnswerV1, "plugins/answer.so");
        configPath = env.write("config.json", configJson(1));
        GatewayConfig config;
        ConfigError error;
        ASSERT_TRUE(ConfigLoader::loadFile(configPath, &config, &error))
            << error.toString().toStdString();
        host->applyConfig(config.plugins);
        host->watchConfigFile(configPath);
        ASSERT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
    }

    // As an editor that saves to a new file and renames it over the old.
    void replaceConfig(const QByteArray &content) {
        const QString temp = env.write("config.json.tmp", content);
        QFile::remove(configPath);
        ASSERT_TRUE(QFile::rename(temp, configPath));
    }
    void rewriteConfig(const QByteArray &content) {
        QFile file(configPath);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }

    PluginTestEnv env;
    std::unique_ptr<PluginManager> host = env.makeManager();
    QString configPath;
};

TEST_F(PluginConfigWatch, VersionBumpInTheFileReloadsTheRebuiltPlugin) {
    env.copy(kAnswerV2, "plugins/answer.so");
    rewriteConfig(configJson(2));
    EXPECT_TRUE(runEventsUntil([&] { return answerOf(*host, "answer") == "hello from v2"; }))
        << answerOf(*host, "answer").toStdString();
    EXPECT_EQ(host->status("answer")->version, 2);
}

TEST_F(PluginConfigWatch, EditorReplacingTheFileIsFollowed) {
    replaceConfig(configJson(1, "hi"));
    EXPECT_TRUE(runEventsUntil([&] { return answerOf(*host, "answer") == "hi from v1"; }))
        << answerOf(*host, "answer").toStdString();
    // And the watch survives the replacement.
    replaceConfig(configJson(1, "hey"));
    EXPECT_TRUE(runEventsUntil([&] { return answerOf(*host, "answer") == "hey from v1"; }))
        << answerOf(*host, "answer").toStdString();
}

TEST_F(PluginConfigWatch, BrokenFileIsReportedAndChangesNothing) {
    QSignalSpy errors(host.get(), &PluginManager::configFileError);
    rewriteConfig("{ \"plugins\": [ ");
    EXPECT_TRUE(runEventsUntil([&] { return errors.count() > 0; }));
    EXPECT_TRUE(errors.first().first().toString().contains("config.json"))
        << errors.first().first().toString().toStdString();
    EXPECT_EQ(answerOf(*host, "answer"), QStringLiteral("hello from v1"));
}

TEST_F(PluginConfigWatch, RunTimeChangesSurviveEditsOfOtherFields) {
    QString error;
    ASSERT_TRUE(host->setConfig("answer", {{"greeting", "from the panel"}}, &error));
    // The file changes the version only: the panel's config stays.
    env.copy(kAnswerV2, "plugins/answer.so");
    rewriteConfig(configJson(2));
    EXPECT_TRUE(runEventsUntil([&] {
        return answerOf(*host, "answer") == "from the panel from v2";
    })) << answerOf(*host, "answer").toStdString();
}

TEST_F(PluginConfigWatch, EntryLeavingTheFileIsUnloaded) {
    rewriteConfig(R"({"plugins": []})");
    EXPECT_TRUE(runEventsUntil([&] { return stateOf(*host, "answer") == PluginState::Unloaded; }));
    EXPECT_TRUE(host->chain()->isEmpty());
}

}  // namespace
}  // namespace gatehouse
