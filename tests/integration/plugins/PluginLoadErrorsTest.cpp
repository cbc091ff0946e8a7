// Every way a plugin file can be wrong, with real files: each one ends in
// state Error with a message that says what to do (also logged), and the
// other plugins keep running.
#include "PluginTestEnv.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>

namespace gatehouse {
namespace {

class PluginLoadErrors : public ::testing::Test {
protected:
    // Loads `path` as plugin "broken" after a working plugin "good";
    // returns broken's error after checking that good is unaffected.
    QString loadBroken(const QString &path, QJsonObject config = {}) {
        host->applyConfig(
            {pluginEntry(QStringLiteral("good"), QStringLiteral(ANSWER_PLUGIN_V1_PATH)),
             pluginEntry(QStringLiteral("broken"), path, config)});
        EXPECT_EQ(stateOf(*host, QStringLiteral("broken")), PluginState::Error);
        EXPECT_EQ(stateOf(*host, QStringLiteral("good")), PluginState::Active);
        EXPECT_EQ(host->chain()->plugins().size(), 1);
        EXPECT_EQ(answerOf(*host, QStringLiteral("good")), QStringLiteral("hello from v1"));
        const QString error = errorOf(*host, QStringLiteral("broken"));
        EXPECT_FALSE(error.isEmpty());
        EXPECT_TRUE(hasLogLine(*host, QStringLiteral("broken"), error))
            << "the error is not in the plugin's log: " << error.toStdString();
        return error;
    }

    PluginTestEnv env;
    std::unique_ptr<PluginManager> host = env.makeManager();
};

TEST_F(PluginLoadErrors, MissingFileSaysToCheckThePath) {
    const QString path = env.root() + QStringLiteral("/nowhere/missing.so");
    EXPECT_EQ(loadBroken(path),
              QStringLiteral("no file at %1: check 'path' in config.json (relative paths are "
                             "relative to the config file)")
                  .arg(path));
}

TEST_F(PluginLoadErrors, EmptyFileIsNotASharedLibrary) {
    const QString error = loadBroken(env.write(QStringLiteral("empty.so"), {}));
    EXPECT_TRUE(
        error.contains(QStringLiteral("empty.so is not a shared library (ELF) — is the "
                                      "build finished?")))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("the file is empty"))) << error.toStdString();
}

TEST_F(PluginLoadErrors, TextFileIsNotASharedLibrary) {
    const QString error = loadBroken(env.write(QStringLiteral("text.so"), "#!/bin/sh\necho hi\n"));
    EXPECT_TRUE(
        error.contains(QStringLiteral("not a shared library (ELF) — is the build finished?")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, TruncatedLibraryIsNotASharedLibrary) {
    QFile file(QStringLiteral(ANSWER_PLUGIN_V1_PATH));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QString path = env.write(QStringLiteral("truncated.so"), file.read(3000));
    const QString error = loadBroken(path);
    EXPECT_TRUE(error.startsWith(path + QStringLiteral(" is not a shared library (ELF) — is the "
                                                       "build finished? (")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, PlainSharedLibraryIsNotAQtPlugin) {
    const QString path = env.copy(QStringLiteral(NO_METADATA_PATH), QStringLiteral("plain.so"));
    const QString error = loadBroken(path);
    EXPECT_TRUE(
        error.startsWith(path + QStringLiteral(" is not a Qt plugin: was it built without "
                                               "Q_PLUGIN_METADATA / with gatehouse_add_plugin()?")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, QtPluginForAnotherInterfaceIsRefused) {
    const QString error = loadBroken(QStringLiteral(WRONG_IID_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("is a Qt plugin for org.example.NotGatehouse, not a "
                                      "Gatehouse plugin")))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral(GATEHOUSE_PLUGIN_IID))) << error.toStdString();
}

TEST_F(PluginLoadErrors, PluginForAnotherApiSaysWhichToRebuildAgainst) {
    const QString error = loadBroken(QStringLiteral(API99_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("built for plugin API 99; this Gatehouse speaks API "
                                      "1 — rebuild it against the Gatehouse 1 SDK")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, MetadataApiVersionMustBeOurs) {
    const QString error = loadBroken(QStringLiteral(API2_METADATA_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("built for plugin API 2 (plugin.json \"apiVersion\": "
                                      "2); this Gatehouse speaks API 1")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, MetadataWithoutNameSaysWhatToAdd) {
    const QString error = loadBroken(QStringLiteral(NAMELESS_PLUGIN_PATH));
    EXPECT_TRUE(error.contains(QStringLiteral("plugin.json: \"name\" must be the plugin's name")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, NameMustMatchTheMetadata) {
    const QString error = loadBroken(QStringLiteral(NAME_MISMATCH_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("the plugin's name() returns \"something-else\" but "
                                      "its plugin.json says \"name-mismatch\"")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, ClassWithoutTheInterfaceIsRefused) {
    const QString error = loadBroken(QStringLiteral(NO_INTERFACE_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("class NoInterfacePlugin does not implement "
                                      "gatehouse::GatewayPlugin")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, UnresolvedSymbolIsNamed) {
    const QString error = loadBroken(QStringLiteral(UNRESOLVED_SYMBOL_PLUGIN_PATH));
    EXPECT_TRUE(
        error.startsWith(QStringLiteral("cannot load %1: ").arg(UNRESOLVED_SYMBOL_PLUGIN_PATH)))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("gatehouse_test_symbol_nobody_defines")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, PluginForANewerQtMinorIsRefused) {
    const QString path =
        env.withQtVersion(QStringLiteral(ANSWER_PLUGIN_V1_PATH), 6, 99, QStringLiteral("qt699.so"));
    const QString error = loadBroken(path);
    EXPECT_TRUE(error.contains(QStringLiteral("uses incompatible Qt library: it was built with Qt "
                                              "6.99.0, this Gatehouse runs Qt %1")
                                   .arg(QLatin1String(qVersion()))))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, PluginForAnotherQtMajorIsRefused) {
    const QString path =
        env.withQtVersion(QStringLiteral(ANSWER_PLUGIN_V1_PATH), 7, 0, QStringLiteral("qt7.so"));
    EXPECT_TRUE(
        loadBroken(path).contains(QStringLiteral("uses incompatible Qt library: it was "
                                                 "built with Qt 7.0.0")));
}

TEST_F(PluginLoadErrors, SamePluginTwiceIsRefused) {
    // v2 is the same plugin ("answer") as v1, which "good" runs already.
    const QString error = loadBroken(QStringLiteral(ANSWER_PLUGIN_V2_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("is plugin \"answer\", which already runs as entry "
                                      "\"good\"")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, InitFailureShowsThePluginsMessage) {
    const QString error = loadBroken(QStringLiteral(FAILING_INIT_PLUGIN_PATH));
    EXPECT_TRUE(
        error.contains(QStringLiteral("init() refused to start: config.apiKey is missing: "
                                      "set it in the plugin's config")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, InitThrowingIsAnInitFailure) {
    const QString error =
        loadBroken(QStringLiteral(THROWING_PLUGIN_PATH),
                   {{QStringLiteral("throwIn"), QJsonArray{QStringLiteral("init")}}});
    EXPECT_TRUE(error.contains(QStringLiteral("init() threw std::runtime_error: boom in init")))
        << error.toStdString();
}

TEST_F(PluginLoadErrors, EntryWithoutPathThatIsNoBundledPluginSaysSo) {
    const QString error = loadBroken(QString());
    EXPECT_TRUE(
        error.contains(QStringLiteral("\"broken\" has no \"path\" and is not a bundled "
                                      "plugin")))
        << error.toStdString();
}

namespace {
QStringList g_warnings;
QtMessageHandler g_next = nullptr;
void recordWarning(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if (type == QtWarningMsg) g_warnings.append(message);
    if (g_next) g_next(type, context, message);
}
}  // namespace

TEST_F(PluginLoadErrors, ErrorsAreAlsoWarnings) {
    g_warnings.clear();
    g_next = qInstallMessageHandler(recordWarning);
    loadBroken(env.write(QStringLiteral("empty.so"), {}));
    qInstallMessageHandler(g_next);
    ASSERT_EQ(g_warnings.size(), 1) << g_warnings.join('\n').toStdString();
    EXPECT_TRUE(g_warnings.first().startsWith(QStringLiteral("plugin broken: ")));
    EXPECT_TRUE(g_warnings.first().contains(QStringLiteral("is not a shared library")));
}

}  // namespace
}  // namespace gatehouse
