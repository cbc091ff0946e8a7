// Which agent sent a request and which session it is a turn of
// (trace/AgentSession.h), from the fields real agents send.
#include "http/HttpHeaders.h"
#include "trace/AgentSession.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

HttpHeaders headers(std::initializer_list<std::pair<const char *, const char *>> fields) {
    HttpHeaders h;
    h.add("Host", "localhost");
    for (const auto &[name, value] : fields) h.add(name, value);
    return h;
}

}  // namespace

TEST(AgentSessionTest, EachAgentIsKnownByWhatItSends) {
    AgentSession s = agentSessionOf(
        headers({{"User-Agent", "claude-cli/2.0.1 (external, cli)"},
                 {"X-Claude-Code-Session-Id", "0b6c1f6e-5c3e-4d0a-9c55-1a2b3c4d5e6f"}}),
        {});
    EXPECT_EQ(s.agent, "claude-code");
    EXPECT_EQ(s.id, "0b6c1f6e-5c3e-4d0a-9c55-1a2b3c4d5e6f");
    // The session header alone names Claude Code too.
    s = agentSessionOf(headers({{"x-claude-code-session-id", "abc"}}), {});
    EXPECT_EQ(s.agent, "claude-code");
    EXPECT_EQ(s.id, "abc");

    s = agentSessionOf(headers({{"originator", "codex_cli_rs"}, {"session-id", "thread-1"}}), {});
    EXPECT_EQ(s.agent, "codex");
    EXPECT_EQ(s.id, "thread-1");
    s = agentSessionOf(headers({{"user-agent", "codex_exec/0.40"}}), {});
    EXPECT_EQ(s.agent, "codex");
    EXPECT_EQ(s.id, "");

    s = agentSessionOf(headers({{"user-agent", "Agents/Python 0.3"}}), {});
    EXPECT_EQ(s.agent, "openai-agents");
    EXPECT_EQ(s.id, "");

    // Gemini CLI: the first turn's hash, the same for every later turn.
    const QByteArray first = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})";
    const QByteArray later =
        R"({"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"yo"}]}]})";
    const AgentSession a = agentSessionOf(headers({{"User-Agent", "GeminiCLI/0.9"}}), first);
    const AgentSession b = agentSessionOf(headers({{"User-Agent", "GeminiCLI/0.9"}}), later);
    EXPECT_EQ(a.agent, "gemini-cli");
    EXPECT_TRUE(a.id.startsWith("h-"));
    EXPECT_EQ(a.id, b.id);
}

TEST(AgentSessionTest, AnyClientMayNameItsSession) {
    AgentSession s = agentSessionOf(headers({{"x-gatehouse-session-id", "mine"}}), {});
    EXPECT_EQ(s.agent, "");
    EXPECT_EQ(s.id, "mine");
    // Over the agent's own id.
    s = agentSessionOf(headers({{"user-agent", "claude-cli/2"},
                                {"x-claude-code-session-id", "theirs"},
                                {"X-Gatehouse-Session-Id", "mine"}}),
                       {});
    EXPECT_EQ(s.agent, "claude-code");
    EXPECT_EQ(s.id, "mine");
    // An empty one does not count.
    s = agentSessionOf(headers({{"user-agent", "claude-cli/2"},
                                {"x-gatehouse-session-id", ""},
                                {"x-claude-code-session-id", "theirs"}}),
                       {});
    EXPECT_EQ(s.id, "theirs");
}

TEST(AgentSessionTest, OtherClientsAndHostileIds) {
    AgentSession s = agentSessionOf(headers({{"user-agent", "curl/8.0"}, {"session-id", "x"}}), {});
    EXPECT_EQ(s.agent, "");
    EXPECT_EQ(s.id, "");  // a bare session-id is Codex's only
    // The first of a repeated field counts.
    s = agentSessionOf(
        headers({{"x-gatehouse-session-id", "one"}, {"x-gatehouse-session-id", "two"}}), {});
    EXPECT_EQ(s.id, "one");
    // Kept short and printable.
    const QByteArray longId(300, 'a');
    s = agentSessionOf(headers({{"x-gatehouse-session-id", longId.constData()}}), {});
    EXPECT_EQ(s.id, QString(128, QLatin1Char('a')));
    s = agentSessionOf(headers({{"x-gatehouse-session-id",
                                 "a b\tc\x01"
                                 "d"}}),
                       {});
    EXPECT_EQ(s.id, "abcd");
}
