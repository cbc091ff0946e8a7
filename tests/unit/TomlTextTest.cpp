// The line edits of Codex's config.toml: only the lines they are about change.
#include "connect/DotEnvText.h"
#include "connect/TomlText.h"

#include <gtest/gtest.h>

using namespace gatehouse;

TEST(TomlText, ReplacesATopLevelKeyInPlaceAndLeavesTheSameKeyInTablesAlone) {
    const QByteArray toml =
        "# my settings\n"
        "model = \"gpt-5\"   # the usual one\n"
        "model_provider = \"openai\"\n"
        "\n"
        "[profiles.fast]\n"
        "model_provider = \"openai\"\n";
    EXPECT_EQ(TomlText::setTopLevel(toml, {{"model_provider", "\"gatehouse\""}}),
              "# my settings\n"
              "model = \"gpt-5\"   # the usual one\n"
              "model_provider = \"gatehouse\"\n"
              "\n"
              "[profiles.fast]\n"
              "model_provider = \"openai\"\n");
}

TEST(TomlText, PutsNewTopLevelKeysAtTheTopSoThatNoTableOwnsThem) {
    const QByteArray toml = "[features]\nplugins = false\n";
    EXPECT_EQ(TomlText::setTopLevel(
                  toml, {{"model_provider", "\"gatehouse\""}, {"model", "\"mock/echo\""}}),
              "model_provider = \"gatehouse\"\nmodel = \"mock/echo\"\n[features]\nplugins = "
              "false\n");
    // A key only set inside a table is not a top-level one.
    EXPECT_TRUE(TomlText::value(toml, {}, "plugins").isEmpty());
    EXPECT_EQ(TomlText::value(toml, "features", "plugins"), "false");
}

TEST(TomlText, KeepsWindowsLineEnds) {
    EXPECT_EQ(TomlText::setTopLevel("a = 1\r\n[t]\r\nmodel = 2\r\n", {{"model", "\"m\""}}),
              "model = \"m\"\r\na = 1\r\n[t]\r\nmodel = 2\r\n");
}

TEST(TomlText, RemovesATableWithItsSubTablesOnly) {
    const QByteArray toml =
        "[mcp_servers.docs]\n"
        "command = \"docs\"\n"
        "[mcp_servers.\"gatehouse\"]\n"
        "url = \"http://127.0.0.1:1/mcp\"\n"
        "[mcp_servers.gatehouse.env]\n"
        "A = \"1\"\n"
        "[mcp_servers.gatehouse2]\n"
        "url = \"x\"\n";
    EXPECT_EQ(TomlText::removeTable(toml, "mcp_servers.gatehouse"),
              "[mcp_servers.docs]\n"
              "command = \"docs\"\n"
              "[mcp_servers.gatehouse2]\n"
              "url = \"x\"\n");
}

TEST(TomlText, ReadsNoHeaderOrKeyInsideAMultiLineString) {
    const QByteArray toml =
        "instructions = \"\"\"\n"
        "[model_providers.gatehouse]\n"
        "model_provider = \"no\"\n"
        "\"\"\"\n"
        "[model_providers.gatehouse]\n"
        "base_url = \"http://127.0.0.1:9/v1\" # here\n";
    EXPECT_EQ(TomlText::removeTable(toml, "model_providers.gatehouse"),
              "instructions = \"\"\"\n"
              "[model_providers.gatehouse]\n"
              "model_provider = \"no\"\n"
              "\"\"\"\n");
    EXPECT_EQ(TomlText::value(toml, "model_providers.gatehouse", "base_url"),
              "http://127.0.0.1:9/v1");
    EXPECT_TRUE(TomlText::value(toml, {}, "model_provider").isEmpty());
}

TEST(TomlText, QuotesBackslashesAndQuotes) {
    EXPECT_EQ(TomlText::quoted(QStringLiteral("a\"b\\c")), "\"a\\\"b\\\\c\"");
}

TEST(DotEnvText, ReplacesTheKeysLinesAndAppendsTheOthers) {
    const QByteArray env = "# keys\nexport GEMINI_API_KEY=\"real\"\nOTHER=1";
    const QByteArray edited =
        DotEnvText::set(env, {{"GEMINI_API_KEY", "gatehouse"}, {"GEMINI_MODEL", "mock/echo"}});
    EXPECT_EQ(edited, "# keys\nGEMINI_API_KEY=gatehouse\nOTHER=1\nGEMINI_MODEL=mock/echo\n");
    EXPECT_EQ(DotEnvText::value(env, "GEMINI_API_KEY"), "real");
    EXPECT_EQ(DotEnvText::value(edited, "GEMINI_MODEL"), "mock/echo");
    EXPECT_TRUE(DotEnvText::value(edited, "MISSING").isEmpty());
}
