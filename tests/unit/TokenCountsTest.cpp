// Every provider's usage shape read into the same token kinds, and back out
// as OpenAI chat usage.
#include "JsonTestUtil.h"
#include "trace/TokenCounts.h"
#include "trace/UsageReaders.h"

#include <gtest/gtest.h>
#include <QJsonDocument>
#include <limits>

using namespace gatehouse;
using gatehouse::test::json;

TEST(TokenCounts, OpenAIChatWithCachedAndReasoningTokens) {
    const TokenCounts c = tokenCountsOf(json(R"({"prompt_tokens":1200,"completion_tokens":300,
        "total_tokens":1500,"prompt_tokens_details":{"cached_tokens":1024},
        "completion_tokens_details":{"reasoning_tokens":256}})"));
    EXPECT_EQ(c.prompt, 1200);
    EXPECT_EQ(c.completion, 300);
    EXPECT_EQ(c.total, 1500);
    EXPECT_EQ(c.cached, 1024);
    EXPECT_EQ(c.reasoning, 256);
    EXPECT_FALSE(c.cacheWrite);
}

TEST(TokenCounts, AnthropicInputLeavesTheCacheOutSoPromptAddsItBack) {
    const TokenCounts c = tokenCountsOf(json(R"({"input_tokens":5,"cache_read_input_tokens":100,
        "cache_creation_input_tokens":20,"output_tokens":3})"));
    EXPECT_EQ(c.prompt, 125);
    EXPECT_EQ(c.cached, 100);
    EXPECT_EQ(c.cacheWrite, 20);
    EXPECT_EQ(c.completion, 3);
    EXPECT_EQ(c.total, 128);
}

TEST(TokenCounts, ResponsesInputCountsTheCachedTokens) {
    const TokenCounts c = tokenCountsOf(json(R"({"input_tokens":900,"output_tokens":50,
        "total_tokens":950,"input_tokens_details":{"cached_tokens":512},
        "output_tokens_details":{"reasoning_tokens":40}})"));
    EXPECT_EQ(c.prompt, 900);
    EXPECT_EQ(c.cached, 512);
    EXPECT_EQ(c.completion, 50);
    EXPECT_EQ(c.reasoning, 40);
}

TEST(TokenCounts, GeminiCandidatesLeaveTheThoughtsOut) {
    const TokenCounts c = tokenCountsOf(json(R"({"promptTokenCount":300,"candidatesTokenCount":20,
        "thoughtsTokenCount":80,"cachedContentTokenCount":256,"totalTokenCount":400})"));
    EXPECT_EQ(c.prompt, 300);
    EXPECT_EQ(c.completion, 100);
    EXPECT_EQ(c.reasoning, 80);
    EXPECT_EQ(c.cached, 256);
    EXPECT_EQ(c.total, 400);
}

TEST(TokenCounts, NothingKnownStaysUnknown) {
    EXPECT_TRUE(tokenCountsOf(QJsonObject()).isEmpty());
    const TokenCounts c = tokenCountsOf(json(R"({"prompt_tokens":7})"));
    EXPECT_EQ(c.prompt, 7);
    EXPECT_FALSE(c.completion);
    EXPECT_FALSE(c.cached);
}

TEST(TokenCounts, ChatUsageCarriesEveryKindItKnows) {
    TokenCounts c;
    c.prompt = 125;
    c.completion = 3;
    c.cached = 100;
    c.cacheWrite = 20;
    c.reasoning = 2;
    EXPECT_EQ(chatUsageOf(c), json(R"({"prompt_tokens":125,"completion_tokens":3,
        "total_tokens":128,"prompt_tokens_details":{"cached_tokens":100},
        "completion_tokens_details":{"reasoning_tokens":2},"cache_creation_input_tokens":20})"));
    EXPECT_EQ(tokenCountsOf(chatUsageOf(c)).cacheWrite, 20);  // round trip
}

// The text reader gives what reading the parsed object gives, for every
// shape and for the odd values QJsonValue has rules for.
TEST(TokenCounts, ReadingTheTextGivesWhatReadingTheParsedObjectGives) {
    const char *usages[] = {
        R"({"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
            "prompt_tokens_details":{"cached_tokens":1024},
            "completion_tokens_details":{"reasoning_tokens":256}})",
        R"({"input_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":20,
            "output_tokens":3})",
        R"({"input_tokens":10,"output_tokens":4,"total_tokens":14,
            "input_tokens_details":{"cached_tokens":2},"output_tokens_details":{"reasoning_tokens":1}})",
        R"({"promptTokenCount":7,"candidatesTokenCount":5,"thoughtsTokenCount":2,
            "cachedContentTokenCount":1,"totalTokenCount":14})",
        R"({"prompt_tokens":3.5,"completion_tokens":-2,"total_tokens":1e3})",
        R"({"prompt_tokens":1e12,"completion_tokens":"7","total_tokens":null})",
        R"({"prompt_tokens":1,"prompt_tokens":2,"completion_tokens":true})",
        R"({"prompt_tokens":9,"prompt_tokens_details":[{"cached_tokens":4}]})",
        R"({"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":{"n":4}}})",
        R"({"output_tokens":0})",
        // Duplicate objects: the last one's members count, as parsed.
        R"({"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":4},
            "prompt_tokens_details":{"audio_tokens":1}})",
        R"({"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":4},
            "prompt_tokens_details":{"cached_tokens":5,"cached_tokens":6}})",
        R"({"input_tokens":1,"input_tokens_details":{"cached_tokens":1},
            "output_tokens_details":{"reasoning_tokens":2},"input_tokens_details":7})",
        R"({"promptTokenCount":1,"prompt_tokens":2,"unknown":{"cached_tokens":3}})",
        R"({})",
        R"({"prompt_tokens":1,)",  // not JSON: nothing
        R"([1,2])",
    };
    for (const char *usage : usages) {
        const QByteArray text(usage);
        const QJsonObject parsed = QJsonDocument::fromJson(text).object();
        const TokenCounts a = tokenCountsOf(parsed), b = tokenCountsOfJson(text);
        EXPECT_EQ(a.prompt, b.prompt) << usage;
        EXPECT_EQ(a.completion, b.completion) << usage;
        EXPECT_EQ(a.total, b.total) << usage;
        EXPECT_EQ(a.cached, b.cached) << usage;
        EXPECT_EQ(a.cacheWrite, b.cacheWrite) << usage;
        EXPECT_EQ(a.reasoning, b.reasoning) << usage;
    }
    EXPECT_EQ(tokenCountsOfJson(R"({"prompt_tokens":1200,"completion_tokens":300})").total, 1500);
}

// The one-pass reader takes the shapes providers send, and reads them as
// the validating reader does.
TEST(TokenCounts, ThePlainReaderTakesWhatProvidersSend) {
    const char *usages[] = {
        // OpenAI chat, with every detail it sends.
        R"({"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":
            {"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,
            "audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}})",
        // Anthropic, with the cache's object, a string and a null.
        R"({"input_tokens":12,"cache_creation_input_tokens":3,"cache_read_input_tokens":40,
            "cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":0},
            "output_tokens":6,"service_tier":"standard","server_tool_use":null})",
        // Responses.
        R"({"input_tokens":900,"input_tokens_details":{"cached_tokens":512},"output_tokens":50,
            "output_tokens_details":{"reasoning_tokens":40},"total_tokens":950})",
        // A router's extras: a price as a fraction, flags.
        R"( { "prompt_tokens" : 9 , "completion_tokens" : 7 , "total_tokens" : 16 ,
              "cost" : 0.00012 , "is_byok" : false } )",
        R"({})",
        R"({"prompt_tokens":123456789})",
    };
    for (const char *usage : usages) {
        const QByteArray text(usage);
        const std::optional<TokenCounts> plain = tokenCountsOfPlainJson(text);
        ASSERT_TRUE(plain) << usage;
        const TokenCounts scanned = tokenCountsOfScannedJson(text);
        EXPECT_EQ(plain->prompt, scanned.prompt) << usage;
        EXPECT_EQ(plain->completion, scanned.completion) << usage;
        EXPECT_EQ(plain->total, scanned.total) << usage;
        EXPECT_EQ(plain->cached, scanned.cached) << usage;
        EXPECT_EQ(plain->cacheWrite, scanned.cacheWrite) << usage;
        EXPECT_EQ(plain->reasoning, scanned.reasoning) << usage;
    }
    const TokenCounts anthropic = *tokenCountsOfPlainJson(usages[1]);
    EXPECT_EQ(anthropic.prompt, 55);
    EXPECT_EQ(anthropic.cached, 40);
    EXPECT_EQ(anthropic.cacheWrite, 3);
    EXPECT_EQ(tokenCountsOfPlainJson(usages[2])->reasoning, 40);
}

// What it cannot read as the validating reader would, it leaves to it;
// what is not JSON it never reads as counts.
TEST(TokenCounts, ThePlainReaderLeavesTheRestToTheValidatingReader) {
    const char *declined[] = {
        R"({"prompt_tokens":1.0})",                                // a count as a fraction
        R"({"prompt_tokens":-2})",                                 // negative
        R"({"prompt_tokens":1e3})",                                // exponent
        R"({"prompt_tokens":1234567890})",                         // ten digits
        R"({"prompt_tokens":01})",                                 // not JSON
        R"({"prompt_tokens":1,})",                                 // not JSON
        R"({"prompt_tokens":1} x)",                                // something after it
        R"({"prompt_tokens":1)",                                   // cut short
        "{\"prompt_tokens\":\"a\\nb\"}",                           // an escape
        "{\"prompt_tokens\":1,\"n\xc3\xa9\":2}",                   // non-ASCII text
        R"({"promptTokenCount":7,"details":[{"tokenCount":7}]})",  // an array
        R"({"prompt_tokens_details":{"cached_tokens":{"n":4}}})",  // deeper
        R"({"prompt_tokens":tru})",
        R"({"prompt_tokens":1,"n":{"x":51e312}})",  // beyond a double: not JSON to Qt
        R"([1,2])",
        "",
    };
    for (const char *usage : declined) EXPECT_FALSE(tokenCountsOfPlainJson(usage)) << usage;
    // Their counts all the same, by the other reader.
    EXPECT_EQ(tokenCountsOfJson(R"({"prompt_tokens":1.0,"completion_tokens":2})").total, 3);
    EXPECT_EQ(tokenCountsOfJson(R"({"prompt_tokens":1234567890})").prompt, 1234567890);
    EXPECT_TRUE(tokenCountsOfJson(R"({"prompt_tokens":01})").isEmpty());
    // Fractions where no count is read do not send it there.
    EXPECT_TRUE(tokenCountsOfPlainJson(R"({"prompt_tokens":1,"cost":0.0015})"));
}

// Counts near int's limit add up to the limit, not past it.
TEST(TokenCounts, HugeCountsAddUpToTheLimit) {
    const QByteArray text(R"({"prompt_tokens":2000000000,"completion_tokens":2000000000})");
    EXPECT_EQ(tokenCountsOfJson(text).total, std::numeric_limits<int>::max());
    EXPECT_EQ(tokenCountsOfScannedJson(text).total, std::numeric_limits<int>::max());
    EXPECT_EQ(
        tokenCountsOf(json(R"({"input_tokens":-2000000000,"cache_read_input_tokens":-2000000000})"))
            .prompt,
        std::numeric_limits<int>::min());
}
