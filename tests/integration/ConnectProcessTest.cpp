// `gatehouse connect` as a user runs it: prints what it changed and how to
// undo it, exits non-zero on a failure, starts no gateway.
#include <gtest/gtest.h>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace {

struct ConnectRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// The executable with HOME and XDG_STATE_HOME in `root` and no agent
// variables, so nothing outside `root` is read or written.
ConnectRun connect(const QString &root, const QStringList &args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), root);
    env.insert(QStringLiteral("XDG_STATE_HOME"), root + QStringLiteral("/state"));
    env.remove(QStringLiteral("CODEX_HOME"));
    env.remove(QStringLiteral("CLAUDE_CONFIG_DIR"));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEHOUSE_BINARY), QStringList{QStringLiteral("connect")} + args);
    p.waitForFinished(20000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<absent>");
}

}  // namespace

TEST(ConnectProcess, ConnectsPrintsTheFilesAndUndoesThem) {
    QTemporaryDir home;
    const ConnectRun wired = connect(
        home.path(), {QStringLiteral("codex"), QStringLiteral("--port"), QStringLiteral("18123")});
    EXPECT_EQ(wired.exitCode, 0) << wired.err.toStdString();
    EXPECT_TRUE(wired.out.contains(QStringLiteral("~/.codex/config.toml")))
        << wired.out.toStdString();
    EXPECT_TRUE(wired.out.contains(QStringLiteral("gatehouse connect --undo codex")));
    EXPECT_TRUE(readFile(home.filePath(QStringLiteral(".codex/config.toml")))
                    .contains("base_url = \"http://127.0.0.1:18123/v1\""));

    const ConnectRun status =
        connect(home.path(),
                {QStringLiteral("--status"), QStringLiteral("--port"), QStringLiteral("18123")});
    EXPECT_EQ(status.exitCode, 0);
    EXPECT_TRUE(status.out.contains(QStringLiteral("codex        yes        yes")))
        << status.out.toStdString();

    const ConnectRun undone =
        connect(home.path(), {QStringLiteral("--undo"), QStringLiteral("all")});
    EXPECT_EQ(undone.exitCode, 0) << undone.err.toStdString();
    EXPECT_TRUE(undone.out.contains(QStringLiteral("Codex: restored")));
    EXPECT_TRUE(undone.out.contains(QStringLiteral("Claude Code: nothing to undo")));
    EXPECT_EQ(readFile(home.filePath(QStringLiteral(".codex/config.toml"))), "<absent>");
}

TEST(ConnectProcess, ARefusedFileIsAFailureWithItsPath) {
    QTemporaryDir home;
    QDir().mkpath(home.filePath(QStringLiteral(".gemini")));
    QFile settings(home.filePath(QStringLiteral(".gemini/settings.json")));
    ASSERT_TRUE(settings.open(QIODevice::WriteOnly));
    settings.write("{ broken");
    settings.close();
    const ConnectRun run = connect(home.path(), {QStringLiteral("all")});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("settings.json is not valid JSON")))
        << run.err.toStdString();
    // The other agents are still wired.
    EXPECT_TRUE(run.out.contains(QStringLiteral("Codex: now uses the gateway")));
    EXPECT_EQ(readFile(home.filePath(QStringLiteral(".gemini/.env"))), "<absent>");
}

TEST(ConnectProcess, AnUnknownAgentIsAUsageError) {
    QTemporaryDir home;
    const ConnectRun run = connect(home.path(), {QStringLiteral("vim")});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains(QStringLiteral("unknown agent 'vim'"))) << run.err.toStdString();
}
