// Bundled plugins: a config entry without "path" loads <name>.so from the
// plugin host's system plugin directories.
#include "PluginTestEnv.h"

#include <gtest/gtest.h>

#include <QDir>

namespace gatehouse {
namespace {

class PluginBundled : public ::testing::Test {
protected:
    QString systemDir() const { return env.root() + QStringLiteral("/system-plugins"); }

    std::unique_ptr<PluginManager> makeManager(const QStringList &systemDirs) const {
        PluginManager::Options options = env.options();
        options.systemPluginDirectories = systemDirs;
        return std::make_unique<PluginManager>(options);
    }

    PluginTestEnv env;
};

TEST_F(PluginBundled, EntryWithoutPathLoadsTheBundledPluginOfThatName) {
    QDir().mkpath(systemDir());
    env.copy(QStringLiteral(ANSWER_PLUGIN_V1_PATH), QStringLiteral("system-plugins/answer.so"));
    auto host = makeManager({env.root() + QStringLiteral("/missing"), systemDir()});
    host->applyConfig({pluginEntry(QStringLiteral("answer"), QString())});
    ASSERT_EQ(stateOf(*host, QStringLiteral("answer")), PluginState::Active)
        << errorOf(*host, QStringLiteral("answer")).toStdString();
    EXPECT_EQ(answerOf(*host, QStringLiteral("answer")), QStringLiteral("hello from v1"));
    EXPECT_EQ(host->status(QStringLiteral("answer"))->path, systemDir() + "/answer.so");
}

TEST_F(PluginBundled, AnExplicitPathWinsOverTheBundledPlugin) {
    QDir().mkpath(systemDir());
    env.copy(QStringLiteral(ANSWER_PLUGIN_V1_PATH), QStringLiteral("system-plugins/answer.so"));
    const QString v2 = env.copy(QStringLiteral(ANSWER_PLUGIN_V2_PATH), QStringLiteral("v2.so"));
    auto host = makeManager({systemDir()});
    host->applyConfig({pluginEntry(QStringLiteral("answer"), v2)});
    EXPECT_EQ(answerOf(*host, QStringLiteral("answer")), QStringLiteral("hello from v2"));
}

TEST_F(PluginBundled, MissingBundledPluginSaysWhereItLooked) {
    auto host = makeManager({systemDir()});
    host->applyConfig({pluginEntry(QStringLiteral("nowhere"), QString())});
    EXPECT_EQ(stateOf(*host, QStringLiteral("nowhere")), PluginState::Error);
    const QString error = errorOf(*host, QStringLiteral("nowhere"));
    EXPECT_TRUE(error.contains(QStringLiteral("no nowhere.so in %1").arg(systemDir())))
        << error.toStdString();
}

TEST_F(PluginBundled, BifrostBuiltInThatIsNotBundledSaysSo) {
    auto host = makeManager({systemDir()});
    host->applyConfig({pluginEntry(QStringLiteral("telemetry"), QString())});
    const QString error = errorOf(*host, QStringLiteral("telemetry"));
    EXPECT_TRUE(error.contains(QStringLiteral("one of Bifrost's built-in plugins")))
        << error.toStdString();
}

}  // namespace
}  // namespace gatehouse
