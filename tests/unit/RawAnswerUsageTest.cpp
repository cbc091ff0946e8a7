// The usage object found in an answer's bytes without parsing the answer.
#include "core/RawAnswerUsage.h"
#include "trace/TokenCounts.h"

#include <gtest/gtest.h>

using namespace gatehouse;

TEST(RawAnswerUsage, FindsTheUsageAtTheEndOfAChatAnswer) {
    const QByteArray raw =
        R"({"id":"c1","choices":[{"message":{"role":"assistant","content":"hi"}}],)"
        R"("usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})";
    EXPECT_EQ(usageJsonInRawAnswer(raw),
              R"({"prompt_tokens":9,"completion_tokens":12,"total_tokens":21})");
}

TEST(RawAnswerUsage, FindsTheUsageWithMembersAfterItAndObjectsInIt) {
    const QByteArray raw =
        R"({"usage":{"prompt_tokens":1200,"prompt_tokens_details":{"cached_tokens":1024},)"
        R"("completion_tokens":3},"system_fingerprint":"fp_1","service_tier":"default"})";
    const QByteArray usage = usageJsonInRawAnswer(raw);
    EXPECT_EQ(usage, R"({"prompt_tokens":1200,"prompt_tokens_details":{"cached_tokens":1024},)"
                     R"("completion_tokens":3})");
    const TokenCounts c = tokenCountsOfJson(usage);
    EXPECT_EQ(c.prompt, 1200);
    EXPECT_EQ(c.cached, 1024);
    EXPECT_EQ(c.completion, 3);
}

TEST(RawAnswerUsage, TheLastUsageKeyCountsNotTextThatMentionsIt) {
    // The content talks about "usage" (escaped quotes) before the real key.
    const QByteArray raw = R"({"choices":[{"message":{"content":"see \"usage\": {not this}"}}],)"
                           R"("usage":{"prompt_tokens":1,"completion_tokens":2}})";
    EXPECT_EQ(usageJsonInRawAnswer(raw), R"({"prompt_tokens":1,"completion_tokens":2})");
}

TEST(RawAnswerUsage, GeminisUsageMetadata) {
    const QByteArray raw =
        R"({"candidates":[{"content":{"parts":[{"text":"hi"}]}}],)"
        R"("usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":5},"modelVersion":"g"})";
    EXPECT_EQ(usageJsonInRawAnswer(raw), R"({"promptTokenCount":4,"candidatesTokenCount":5})");
}

TEST(RawAnswerUsage, NoneOrUnfinishedIsEmpty) {
    EXPECT_TRUE(usageJsonInRawAnswer(R"({"choices":[]})").isEmpty());
    EXPECT_TRUE(usageJsonInRawAnswer(R"({"usage":{"prompt_tokens":1)").isEmpty());
    EXPECT_TRUE(usageJsonInRawAnswer(R"({"usage":null})").isEmpty());
    EXPECT_TRUE(usageJsonInRawAnswer("").isEmpty());
    EXPECT_TRUE(usageJsonInRawAnswer("\"").isEmpty());
    EXPECT_TRUE(usageJsonInRawAnswer("usage\"").isEmpty());
}

TEST(RawAnswerUsage, TheKeyAtTheVeryStart) {
    EXPECT_EQ(usageJsonInRawAnswer(R"("usage":{"a":1})"), R"({"a":1})");
}

TEST(RawAnswerUsage, AUsageThatIsNoObjectIsNone) {
    // Not the next object along, which is someone else's.
    EXPECT_TRUE(usageJsonInRawAnswer(R"({"usage":null,"x":{"a":1}})").isEmpty());
    EXPECT_EQ(usageJsonInRawAnswer("{\"usage\" :\n {\"a\":1}}"), R"({"a":1})");
}

TEST(RawAnswerUsage, AStringValueWithTheKeysTextIsPassedOver) {
    EXPECT_EQ(usageJsonInRawAnswer(R"({"usage":{"a":1},"note":"usage","x":{"b":2}})"),
              R"({"a":1})");
}
