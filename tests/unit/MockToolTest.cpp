// The mock provider's "tool" model: which tool it calls, and when it
// answers instead, including Claude Code's deferred tools (its MCP tools
// through a gateway), which it loads with ToolSearch first.
#include "providers/MockTool.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

QJsonObject tool(const char *name, const QJsonObject &parameters = {}) {
    return {{"type", "function"},
            {"function", QJsonObject{{"name", name}, {"parameters", parameters}}}};
}

QJsonObject message(const char *role, const QString &content) {
    return {{"role", role}, {"content", content}};
}

QJsonObject assistantCalling(const char *name, const char *id) {
    return {{"role", "assistant"},
            {"content", QJsonValue()},
            {"tool_calls", QJsonArray{QJsonObject{
                               {"id", id},
                               {"type", "function"},
                               {"function", QJsonObject{{"name", name}, {"arguments", "{}"}}}}}}};
}

QJsonObject toolResult(const char *id, const char *text) {
    return {{"role", "tool"}, {"tool_call_id", id}, {"content", text}};
}

const QJsonObject kSearchParameters{
    {"type", "object"},
    {"properties", QJsonObject{{"query", QJsonObject{{"type", "string"}}}}},
    {"required", QJsonArray{"query"}}};

// Claude Code's first turn: its own tools and ToolSearch offered, the MCP
// tools listed by name in a system message after the prompt.
QJsonObject firstTurn() {
    return {
        {"tools", QJsonArray{tool("Agent"), tool("Bash"), tool("ToolSearch", kSearchParameters)}},
        {"messages", QJsonArray{message("system", "You are an agent."),
                                message("user", R"(Use mcp__gh__echo with {"message":"hi"})"),
                                message("system",
                                        "The following deferred tools are now available via "
                                        "ToolSearch:\nWebFetch\nmcp__gh__echo\nmcp__gh__add")}}};
}

}  // namespace

TEST(MockTool, CallsTheToolThePromptNamesWithItsArguments) {
    QJsonObject body = firstTurn();
    QJsonArray messages = body["messages"].toArray();
    messages[1] = message("user", R"(Please run Bash with {"command":"ls"})");
    body["messages"] = messages;
    const auto call = mockToolCall(body);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->name, "Bash");
    EXPECT_EQ(call->arguments, R"({"command":"ls"})");
}

TEST(MockTool, LoadsADeferredToolWithToolSearchFirst) {
    const auto call = mockToolCall(firstTurn());
    ASSERT_TRUE(call);
    EXPECT_EQ(call->name, "ToolSearch");
    EXPECT_EQ(call->arguments, R"({"query":"select:mcp__gh__echo"})");
}

TEST(MockTool, AfterTheSearchCallsTheLoadedTool) {
    QJsonObject body = firstTurn();
    QJsonArray tools = body["tools"].toArray();
    tools.append(tool("mcp__gh__echo"));
    body["tools"] = tools;
    QJsonArray messages = body["messages"].toArray();
    messages.append(assistantCalling("ToolSearch", "c1"));
    messages.append(toolResult("c1", ""));
    body["messages"] = messages;
    const auto call = mockToolCall(body);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->name, "mcp__gh__echo");
    EXPECT_EQ(call->arguments, R"({"message":"hi"})");

    // Its result in, the model answers with it.
    messages.append(assistantCalling("mcp__gh__echo", "c2"));
    messages.append(toolResult("c2", "Echo: hi"));
    body["messages"] = messages;
    EXPECT_FALSE(mockToolCall(body));
    EXPECT_EQ(mockToolResultText(body), "Tool mcp__gh__echo returned: Echo: hi");
}

TEST(MockTool, ASearchThatLoadedNothingIsAnsweredNotRepeated) {
    QJsonObject body = firstTurn();
    QJsonArray messages = body["messages"].toArray();
    messages.append(assistantCalling("ToolSearch", "c1"));
    messages.append(toolResult("c1", "No matching deferred tools found"));
    body["messages"] = messages;
    EXPECT_FALSE(mockToolCall(body));
    EXPECT_EQ(mockToolResultText(body),
              "Tool ToolSearch returned: No matching deferred tools found");
}

TEST(MockTool, WithoutToolSearchANameNotOfferedFallsBackToTheFirstTool) {
    QJsonObject body = firstTurn();
    body["tools"] = QJsonArray{tool("Agent"), tool("Bash")};
    const auto call = mockToolCall(body);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->name, "Agent");
}
