// providers/CacheMarks: the prompt-cache marks leave a canonical body for
// providers that refuse unknown fields; nothing else changes.
#include "JsonTestUtil.h"
#include "providers/CacheMarks.h"

#include <gtest/gtest.h>

using gatehouse::removeCacheMarks;
using gatehouse::test::json;

TEST(CacheMarks, RemovedFromPartsAndTools) {
    QJsonObject body = json(R"({"messages":[
        {"role":"system","content":[{"type":"text","text":"S","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":"plain"},
        {"role":"tool","tool_call_id":"t","content":[{"type":"text","text":"o","cache_control":{"type":"ephemeral"}}]}],
        "tools":[{"type":"function","function":{"name":"f"},"cache_control":{"type":"ephemeral"}}]})");
    EXPECT_TRUE(removeCacheMarks(&body));
    // Content goes back to the shape a translation without marks writes.
    EXPECT_EQ(body, json(R"({"messages":[
        {"role":"system","content":"S"},
        {"role":"user","content":"plain"},
        {"role":"tool","tool_call_id":"t","content":"o"}],
        "tools":[{"type":"function","function":{"name":"f"}}]})"));
}

TEST(CacheMarks, SeveralPartsStayParts) {
    QJsonObject body = json(R"({"messages":[
        {"role":"system","content":[{"type":"text","text":"A"},{"type":"text","text":"B","cache_control":{}}]},
        {"role":"user","content":[{"type":"text","text":"a","cache_control":{}},{"type":"text","text":"b"}]},
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:x"},"cache_control":{}}]}]})");
    EXPECT_TRUE(removeCacheMarks(&body));
    EXPECT_EQ(body, json(R"({"messages":[
        {"role":"system","content":"A\n\nB"},
        {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:x"}}]}]})"));
}

TEST(CacheMarks, UnmarkedBodyIsLeftAsItIs) {
    const QJsonObject original = json(R"({"messages":[{"role":"user","content":[
        {"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"data:x"}}]}],
        "tools":[{"type":"function","function":{"name":"f"}}]})");
    QJsonObject body = original;
    EXPECT_FALSE(removeCacheMarks(&body));
    EXPECT_EQ(body, original);
}

// Anthropic's thinking request and signed thinking blocks leave too.
TEST(CacheMarks, ThinkingLeavesWithTheMarks) {
    QJsonObject body = json(R"({"thinking":{"type":"enabled","budget_tokens":2048},"messages":[
        {"role":"user","content":"a"},
        {"role":"assistant","content":"b","thinking_blocks":[{"type":"thinking","thinking":"t","signature":"s"}]}]})");
    EXPECT_TRUE(removeCacheMarks(&body));
    EXPECT_EQ(
        body,
        json(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})"));
}
