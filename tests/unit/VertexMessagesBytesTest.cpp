// providers/vertex: a Messages body goes to Vertex as its own bytes, only
// "model" cut out and "anthropic_version" put first.
#include "providers/vertex/VertexDialects.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {
std::string edited(const QByteArray &body) {
    return vertexMessagesBytes(body).toStdString();
}
}  // namespace

TEST(VertexMessagesBytes, ModelCutOutEveryOtherByteKept) {
    EXPECT_EQ(
        edited(R"({"max_tokens" : 100, "model":"claude-x", "temperature": 1.0000000000000001,)"
               R"( "messages":[{"role":"user","content":"hi é"}]})"),
        R"({"anthropic_version":"vertex-2023-10-16","max_tokens" : 100, )"
        R"("temperature": 1.0000000000000001, "messages":[{"role":"user","content":"hi é"}]})");
}

TEST(VertexMessagesBytes, ModelFirstLastOrAlone) {
    EXPECT_EQ(edited(R"({"model":"m","max_tokens":1})"),
              R"({"anthropic_version":"vertex-2023-10-16","max_tokens":1})");
    EXPECT_EQ(edited(R"({"max_tokens":1 , "model" : "m" })"),
              R"({"anthropic_version":"vertex-2023-10-16","max_tokens":1 })");
    EXPECT_EQ(edited(R"( {"model":"m"} )"), R"( {"anthropic_version":"vertex-2023-10-16"} )");
    EXPECT_EQ(edited(R"({"max_tokens":1})"),
              R"({"anthropic_version":"vertex-2023-10-16","max_tokens":1})");
    EXPECT_EQ(edited("{}"), R"({"anthropic_version":"vertex-2023-10-16"})");
}

TEST(VertexMessagesBytes, NestedModelKeysAreNotTheBodysModel) {
    EXPECT_EQ(edited(R"({"metadata":{"model":"x"},"model":"m"})"),
              R"({"anthropic_version":"vertex-2023-10-16","metadata":{"model":"x"}})");
}

TEST(VertexMessagesBytes, UnusualBodiesAreLeftToTheRewrite) {
    EXPECT_EQ(edited(R"({"mod\u0065l":"m"})"), "");                     // escaped key
    EXPECT_EQ(edited(R"({"model":"a","model":"b"})"), "");              // repeated
    EXPECT_EQ(edited(R"({"anthropic_version":"x","model":"m"})"), "");  // already has one
    EXPECT_EQ(edited(R"({"model":)"), "");                              // not JSON
    EXPECT_EQ(edited("[1]"), "");
}
