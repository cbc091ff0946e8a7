// Wiring Claude Code, Codex and Gemini CLI to the gateway, on temporary home
// folders: what is written, and that Undo gives back every file byte for byte.
#include "AgentHome.h"
#include "connect/AgentWiring.h"
#include "connect/ConnectBackup.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse;
using gatehouse::test::AgentHome;

namespace {

QJsonObject jsonOf(const QByteArray &bytes) {
    return QJsonDocument::fromJson(bytes).object();
}

bool connectAgent(const QString &id, int port, const QString &model = {}, bool mcp = true,
                  QStringList *changed = nullptr, QString *error = nullptr) {
    QStringList files;
    QString message;
    ConnectOptions options;
    options.port = port;
    options.model = model;
    options.mcp = mcp;
    const bool ok = AgentWiring::connect(*AgentWiring::find(id), options,
                                         changed ? changed : &files, error ? error : &message);
    return ok;
}

bool undoAgent(const QString &id, QStringList *restored = nullptr) {
    QStringList files;
    QString error;
    const bool ok = AgentWiring::undo(*AgentWiring::find(id), restored ? restored : &files, &error);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    return ok;
}

// A Codex configuration as people keep it: comments, odd spacing, tables
// that set the same keys, an MCP server of their own, a multi-line string.
const QByteArray kCodexConfig =
    "# Codex settings\r\n"
    "model    =   \"gpt-5-codex\"  # default model\r\n"
    "approval_policy = \"on-request\"\r\n"
    "notify = [\r\n"
    "  \"notify-send\",\r\n"
    "]\r\n"
    "\r\n"
    "[profiles.fast]\r\n"
    "model_provider = \"openai\"\r\n"
    "model = \"gpt-5-mini\"\r\n"
    "\r\n"
    "[mcp_servers.docs]\r\n"
    "command = \"npx\"\r\n"
    "args = [\"-y\", \"docs-server\"]\r\n"
    "\r\n"
    "[tui]\r\n"
    "status_line = '''\r\n"
    "[not.a.table]\r\n"
    "'''\r\n";

const QByteArray kClaudeSettings =
    "{\n  \"permissions\": {\"allow\": [\"Bash(ls:*)\"]},\n  \"env\": {\"FOO\": \"bar\"}\n}\n";
const QByteArray kClaudeState =
    "{\"numStartups\": 12, \"projects\": {\"/src/x\": {\"allowedTools\": []}},\n"
    " \"mcpServers\": {\"other\": {\"type\": \"stdio\", \"command\": \"x\"}}}";
const QByteArray kGeminiEnv = "# mine\nGEMINI_API_KEY=real-key\nDEBUG=1";
const QByteArray kGeminiSettings =
    "{ \"security\": { \"auth\": { \"selectedType\": \"oauth-personal\" } },\n"
    "  \"ui\": { \"theme\": \"GitHub\" } }\n";

}  // namespace

TEST(AgentWiring, WritesClaudeCodesEnvAndMcpEntryKeepingTheRestOfBothFiles) {
    AgentHome home;
    home.write(QStringLiteral(".claude/settings.json"), kClaudeSettings);
    home.write(QStringLiteral(".claude.json"), kClaudeState);
    QStringList changed;
    ASSERT_TRUE(connectAgent(QStringLiteral("claude-code"), 18080, QStringLiteral("mock/echo"),
                             true, &changed));
    EXPECT_EQ(changed, QStringList({home.path(QStringLiteral(".claude/settings.json")),
                                    home.path(QStringLiteral(".claude.json"))}));

    const QJsonObject settings = jsonOf(home.read(QStringLiteral(".claude/settings.json")));
    const QJsonObject env = settings.value(QLatin1String("env")).toObject();
    EXPECT_EQ(env.value(QLatin1String("ANTHROPIC_BASE_URL")).toString(),
              QStringLiteral("http://127.0.0.1:18080/anthropic"));
    EXPECT_FALSE(env.value(QLatin1String("ANTHROPIC_AUTH_TOKEN")).toString().isEmpty());
    EXPECT_EQ(env.value(QLatin1String("ANTHROPIC_MODEL")).toString(), QStringLiteral("mock/echo"));
    EXPECT_EQ(env.value(QLatin1String("ANTHROPIC_SMALL_FAST_MODEL")).toString(),
              QStringLiteral("mock/echo"));
    EXPECT_EQ(env.value(QLatin1String("FOO")).toString(), QStringLiteral("bar"));
    EXPECT_TRUE(settings.contains(QLatin1String("permissions")));

    const QJsonObject state = jsonOf(home.read(QStringLiteral(".claude.json")));
    EXPECT_EQ(state.value(QLatin1String("numStartups")).toInt(), 12);
    EXPECT_TRUE(
        state.value(QLatin1String("projects")).toObject().contains(QLatin1String("/src/x")));
    const QJsonObject servers = state.value(QLatin1String("mcpServers")).toObject();
    EXPECT_TRUE(servers.contains(QLatin1String("other")));
    EXPECT_EQ(servers.value(QLatin1String("gatehouse")).toObject(),
              QJsonObject({{QStringLiteral("type"), QStringLiteral("http")},
                           {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:18080/mcp")}}));
}

TEST(AgentWiring, UndoRestoresExistingFilesByteForByteWithTheirModes) {
    AgentHome home;
    home.write(QStringLiteral(".claude/settings.json"), kClaudeSettings);
    home.write(QStringLiteral(".claude.json"), kClaudeState);
    home.write(QStringLiteral(".codex/config.toml"), kCodexConfig);
    home.write(QStringLiteral(".gemini/.env"), kGeminiEnv);
    home.write(QStringLiteral(".gemini/settings.json"), kGeminiSettings);
    const auto mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup;
    QFile::setPermissions(home.path(QStringLiteral(".codex/config.toml")), mode);
    const auto before = QFile::permissions(home.path(QStringLiteral(".codex/config.toml")));
    ASSERT_TRUE(before & QFileDevice::ReadGroup);

    for (const CodingAgent *agent : AgentWiring::agents())
        ASSERT_TRUE(connectAgent(agent->id(), 8080, QStringLiteral("mock/echo")));
    EXPECT_NE(home.read(QStringLiteral(".codex/config.toml")), kCodexConfig);
    EXPECT_NE(home.read(QStringLiteral(".gemini/.env")), kGeminiEnv);
    // The file keeps its mode while wired too.
    EXPECT_EQ(QFile::permissions(home.path(QStringLiteral(".codex/config.toml"))), before);

    for (const CodingAgent *agent : AgentWiring::agents()) ASSERT_TRUE(undoAgent(agent->id()));
    EXPECT_EQ(home.read(QStringLiteral(".claude/settings.json")), kClaudeSettings);
    EXPECT_EQ(home.read(QStringLiteral(".claude.json")), kClaudeState);
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), kCodexConfig);
    EXPECT_EQ(home.read(QStringLiteral(".gemini/.env")), kGeminiEnv);
    EXPECT_EQ(home.read(QStringLiteral(".gemini/settings.json")), kGeminiSettings);
    EXPECT_EQ(QFile::permissions(home.path(QStringLiteral(".codex/config.toml"))), before);
    for (const CodingAgent *agent : AgentWiring::agents())
        EXPECT_FALSE(ConnectBackup(agent->id()).exists());
}

TEST(AgentWiring, UndoDeletesTheFilesThatDidNotExist) {
    AgentHome home;
    for (const CodingAgent *agent : AgentWiring::agents())
        ASSERT_TRUE(connectAgent(agent->id(), 8080));
    EXPECT_NE(home.read(QStringLiteral(".claude/settings.json")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral(".claude.json")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral(".codex/config.toml")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral(".gemini/.env")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral(".gemini/settings.json")), "<absent>");
    QStringList restored;
    ASSERT_TRUE(undoAgent(QStringLiteral("codex"), &restored));
    EXPECT_EQ(restored, QStringList{home.path(QStringLiteral(".codex/config.toml"))});
    for (const CodingAgent *agent : AgentWiring::agents()) ASSERT_TRUE(undoAgent(agent->id()));
    EXPECT_EQ(home.read(QStringLiteral(".claude/settings.json")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".claude.json")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".gemini/.env")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".gemini/settings.json")), "<absent>");
    // The folders connecting made are gone too: the agents are not installed.
    EXPECT_FALSE(QDir(home.path(QStringLiteral(".gemini"))).exists());
    EXPECT_FALSE(QDir(home.path(QStringLiteral(".claude"))).exists());
    for (const CodingAgent *agent : AgentWiring::agents())
        EXPECT_FALSE(AgentWiring::status(*agent, 8080).installed) << agent->id().toStdString();
}

TEST(AgentWiring, WritesCodexProviderAndMcpTablesAndTopLevelKeysOutsideEveryTable) {
    AgentHome home;
    home.write(QStringLiteral(".codex/config.toml"), kCodexConfig);
    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 9000, QStringLiteral("mock/echo")));
    const QByteArray toml = home.read(QStringLiteral(".codex/config.toml"));
    EXPECT_TRUE(
        toml.startsWith("model_provider = \"gatehouse\"\r\n# Codex settings\r\n"
                        "model = \"mock/echo\"\r\napproval_policy"))
        << toml.constData();
    // The profile's own keys, the user's MCP server and the string stay.
    EXPECT_TRUE(
        toml.contains("[profiles.fast]\r\nmodel_provider = \"openai\"\r\nmodel = "
                      "\"gpt-5-mini\"\r\n"));
    EXPECT_TRUE(toml.contains("[mcp_servers.docs]\r\ncommand = \"npx\"\r\n"));
    EXPECT_TRUE(toml.contains("status_line = '''\r\n[not.a.table]\r\n'''\r\n"));
    EXPECT_TRUE(
        toml.endsWith("\r\n[model_providers.gatehouse]\r\n"
                      "name = \"Gatehouse\"\r\n"
                      "base_url = \"http://127.0.0.1:9000/v1\"\r\n"
                      "wire_api = \"responses\"\r\n"
                      "requires_openai_auth = false\r\n"
                      "\r\n"
                      "[mcp_servers.gatehouse]\r\n"
                      "url = \"http://127.0.0.1:9000/mcp\"\r\n"))
        << toml.constData();

    // Again on another port: one table of each, pointing at the new port.
    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 9001, QStringLiteral("mock/echo")));
    const QByteArray again = home.read(QStringLiteral(".codex/config.toml"));
    EXPECT_EQ(again.count("[model_providers.gatehouse]"), 1);
    EXPECT_EQ(again.count("[mcp_servers.gatehouse]"), 1);
    EXPECT_EQ(again.count("model_provider = \"gatehouse\""), 1);
    EXPECT_TRUE(again.contains("http://127.0.0.1:9001/v1"));
    EXPECT_FALSE(again.contains("9000"));
}

TEST(AgentWiring, ConnectingTwiceKeepsTheFirstBackup) {
    AgentHome home;
    home.write(QStringLiteral(".codex/config.toml"), kCodexConfig);
    home.write(QStringLiteral(".gemini/.env"), kGeminiEnv);
    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 8080));
    ASSERT_TRUE(connectAgent(QStringLiteral("gemini-cli"), 8080, {}, false));
    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 8081, QStringLiteral("mock/echo")));
    // The second connect also adds a file the first did not touch.
    ASSERT_TRUE(connectAgent(QStringLiteral("gemini-cli"), 8081));
    ASSERT_TRUE(undoAgent(QStringLiteral("codex")));
    ASSERT_TRUE(undoAgent(QStringLiteral("gemini-cli")));
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), kCodexConfig);
    EXPECT_EQ(home.read(QStringLiteral(".gemini/.env")), kGeminiEnv);
    EXPECT_EQ(home.read(QStringLiteral(".gemini/settings.json")), "<absent>");
}

TEST(AgentWiring, RefusesAFileThatIsNotJsonAndWritesNothing) {
    AgentHome home;
    const QByteArray broken = "{ \"env\": { \"A\": 1, }\n";
    home.write(QStringLiteral(".claude/settings.json"), broken);
    QStringList changed;
    QString error;
    EXPECT_FALSE(connectAgent(QStringLiteral("claude-code"), 8080, {}, true, &changed, &error));
    EXPECT_TRUE(changed.isEmpty());
    EXPECT_TRUE(error.contains(home.path(QStringLiteral(".claude/settings.json"))))
        << error.toStdString();
    EXPECT_EQ(home.read(QStringLiteral(".claude/settings.json")), broken);
    EXPECT_EQ(home.read(QStringLiteral(".claude.json")), "<absent>");
    EXPECT_FALSE(ConnectBackup(QStringLiteral("claude-code")).exists());

    // The second file broken: the first is not written either.
    home.write(QStringLiteral(".claude/settings.json"), kClaudeSettings);
    home.write(QStringLiteral(".claude.json"), "[1, 2]");
    EXPECT_FALSE(connectAgent(QStringLiteral("claude-code"), 8080, {}, true, &changed, &error));
    EXPECT_EQ(home.read(QStringLiteral(".claude/settings.json")), kClaudeSettings);
    EXPECT_EQ(home.read(QStringLiteral(".claude.json")), "[1, 2]");
}

TEST(AgentWiring, GeminiCliGetsItsEnvFileAndApiKeySignIn) {
    AgentHome home;
    home.write(QStringLiteral(".gemini/.env"), kGeminiEnv);
    home.write(QStringLiteral(".gemini/settings.json"), kGeminiSettings);
    ASSERT_TRUE(connectAgent(QStringLiteral("gemini-cli"), 8080, QStringLiteral("mock/echo")));
    EXPECT_EQ(home.read(QStringLiteral(".gemini/.env")),
              "# mine\nGEMINI_API_KEY=gatehouse\nDEBUG=1\n"
              "GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8080/genai\nGEMINI_MODEL=mock/echo\n");
    const QJsonObject settings = jsonOf(home.read(QStringLiteral(".gemini/settings.json")));
    EXPECT_EQ(settings.value(QLatin1String("security"))
                  .toObject()
                  .value(QLatin1String("auth"))
                  .toObject()
                  .value(QLatin1String("selectedType"))
                  .toString(),
              QStringLiteral("gemini-api-key"));
    EXPECT_EQ(settings.value(QLatin1String("ui")).toObject().value(QLatin1String("theme")),
              QStringLiteral("GitHub"));
    EXPECT_EQ(settings.value(QLatin1String("mcpServers"))
                  .toObject()
                  .value(QLatin1String("gatehouse"))
                  .toObject()
                  .value(QLatin1String("url"))
                  .toString(),
              QStringLiteral("http://127.0.0.1:8080/mcp"));
}

TEST(AgentWiring, StatusSaysInstalledWiredToThisPortAndBackedUp) {
    AgentHome home;
    const CodingAgent &codex = *AgentWiring::find(QStringLiteral("codex"));
    const CodingAgent &claude = *AgentWiring::find(QStringLiteral("claude-code"));
    AgentWiring::Status s = AgentWiring::status(codex, 8080);
    EXPECT_FALSE(s.installed);
    EXPECT_FALSE(s.wired);
    EXPECT_FALSE(s.backedUp);
    home.addExecutable(QStringLiteral("claude"));
    EXPECT_TRUE(AgentWiring::status(claude, 8080).installed);

    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 8080));
    s = AgentWiring::status(codex, 8080);
    EXPECT_TRUE(s.installed);  // its folder exists now
    EXPECT_TRUE(s.wired);
    EXPECT_TRUE(s.backedUp);
    EXPECT_FALSE(AgentWiring::status(codex, 8081).wired);
    EXPECT_FALSE(AgentWiring::status(claude, 8080).wired);

    ASSERT_TRUE(undoAgent(QStringLiteral("codex")));
    s = AgentWiring::status(codex, 8080);
    EXPECT_FALSE(s.wired);
    EXPECT_FALSE(s.backedUp);
}

TEST(AgentWiring, FollowsCodexHomeAndClaudeConfigDir) {
    AgentHome home;
    qputenv("CODEX_HOME", home.path(QStringLiteral("codex-home")).toUtf8());
    qputenv("CLAUDE_CONFIG_DIR", home.path(QStringLiteral("claude-dir")).toUtf8());
    ASSERT_TRUE(connectAgent(QStringLiteral("codex"), 8080));
    ASSERT_TRUE(connectAgent(QStringLiteral("claude-code"), 8080));
    EXPECT_NE(home.read(QStringLiteral("codex-home/config.toml")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral("claude-dir/settings.json")), "<absent>");
    EXPECT_NE(home.read(QStringLiteral("claude-dir/.claude.json")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), "<absent>");
    EXPECT_EQ(home.read(QStringLiteral(".claude.json")), "<absent>");
}

TEST(AgentWiring, WritesThroughASymlinkedFileAndKeepsTheLink) {
    // Settings kept in a dotfiles folder and linked into place.
    AgentHome home;
    home.write(QStringLiteral("dotfiles/settings.json"), kClaudeSettings);
    QDir().mkpath(home.path(QStringLiteral(".claude")));
    ASSERT_TRUE(QFile::link(home.path(QStringLiteral("dotfiles/settings.json")),
                            home.path(QStringLiteral(".claude/settings.json"))));
    ASSERT_TRUE(connectAgent(QStringLiteral("claude-code"), 8080, {}, false));
    EXPECT_TRUE(QFileInfo(home.path(QStringLiteral(".claude/settings.json"))).isSymLink());
    EXPECT_TRUE(home.read(QStringLiteral("dotfiles/settings.json")).contains("ANTHROPIC_BASE_URL"));
    ASSERT_TRUE(undoAgent(QStringLiteral("claude-code")));
    EXPECT_TRUE(QFileInfo(home.path(QStringLiteral(".claude/settings.json"))).isSymLink());
    EXPECT_EQ(home.read(QStringLiteral("dotfiles/settings.json")), kClaudeSettings);
}

// Connecting without a model after an earlier --model gives each agent its
// user's own model settings back (those from before the first connect):
// restored where the user had one, removed where not.
TEST(AgentWiring, ConnectingWithoutAModelTakesAnEarlierModelBack) {
    AgentHome home;
    home.write(QStringLiteral(".claude/settings.json"),
               R"({"env": {"ANTHROPIC_MODEL": "claude-opus-4-1", "FOO": "bar"}})");
    home.write(QStringLiteral(".codex/config.toml"), kCodexConfig);
    home.write(QStringLiteral(".gemini/.env"), kGeminiEnv);
    for (const char *id : {"claude-code", "codex", "gemini-cli"}) {
        ASSERT_TRUE(connectAgent(QLatin1String(id), 8080, QStringLiteral("mock/echo"), false));
        ASSERT_TRUE(connectAgent(QLatin1String(id), 8080, {}, false));
    }
    const QJsonObject env =
        jsonOf(home.read(QStringLiteral(".claude/settings.json")))["env"].toObject();
    EXPECT_EQ(env["ANTHROPIC_MODEL"], "claude-opus-4-1");
    EXPECT_FALSE(env.contains("ANTHROPIC_SMALL_FAST_MODEL"));
    EXPECT_FALSE(env.contains("ANTHROPIC_DEFAULT_HAIKU_MODEL"));
    EXPECT_EQ(env["ANTHROPIC_BASE_URL"], "http://127.0.0.1:8080/anthropic");

    const QByteArray toml = home.read(QStringLiteral(".codex/config.toml"));
    // The user's own line, comment and all, in its place.
    EXPECT_TRUE(toml.contains("model = \"gpt-5-codex\"  # default model\r\n"))
        << toml.toStdString();
    EXPECT_FALSE(toml.contains("mock/echo")) << toml.toStdString();
    EXPECT_EQ(toml.count("model_provider = \"gatehouse\""), 1);

    const QByteArray dotEnv = home.read(QStringLiteral(".gemini/.env"));
    EXPECT_FALSE(dotEnv.contains("GEMINI_MODEL")) << dotEnv.toStdString();
    EXPECT_TRUE(dotEnv.contains("GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8080/genai"));

    // Undo still gives back the files as they were.
    ASSERT_TRUE(undoAgent(QStringLiteral("codex")));
    EXPECT_EQ(home.read(QStringLiteral(".codex/config.toml")), kCodexConfig);
}
