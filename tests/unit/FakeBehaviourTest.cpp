#include "FakeBehaviour.h"

#include <gtest/gtest.h>

namespace gatehouse {
namespace {

TEST(FakeBehaviour, PlainModelHasNoModifiers) {
    const FakeBehaviour b = parseFakeBehaviour("gpt-4o-mini");
    EXPECT_EQ(b.latencyMs, 0);
    EXPECT_EQ(b.status, 0);
    EXPECT_FALSE(b.reset || b.resetMidStream || b.forceStream || b.tool);
    EXPECT_EQ(b.bigBytes, -1);
}

TEST(FakeBehaviour, ModifiersCombineWithAnySeparator) {
    const FakeBehaviour b = parseFakeBehaviour("fake+latency-200/status-429,retry-after-1");
    EXPECT_EQ(b.latencyMs, 200);
    EXPECT_EQ(b.status, 429);
    EXPECT_EQ(b.retryAfterSeconds, 1);
}

TEST(FakeBehaviour, ModifiersMustBeWholeWords) {
    EXPECT_EQ(parseFakeBehaviour("status-4290").status, 0);
    EXPECT_FALSE(parseFakeBehaviour("preset").reset);
    EXPECT_EQ(parseFakeBehaviour("xlatency-5").latencyMs, 0);
}

TEST(FakeBehaviour, ResetMidStreamIsNotAPlainReset) {
    const FakeBehaviour b = parseFakeBehaviour("fake-reset-mid-stream");
    EXPECT_TRUE(b.resetMidStream);
    EXPECT_FALSE(b.reset);
    EXPECT_TRUE(b.forceStream);
    EXPECT_TRUE(parseFakeBehaviour("fake-reset").reset);
}

TEST(FakeBehaviour, StreamEventsSetCountAndInterval) {
    const FakeBehaviour b = parseFakeBehaviour("stream-events-5-every-100");
    EXPECT_EQ(b.streamEvents, 5);
    EXPECT_EQ(b.streamIntervalMs, 100);
    EXPECT_TRUE(b.forceStream);
}

TEST(FakeBehaviour, DripBigToolAndBrokenOutputs) {
    EXPECT_EQ(parseFakeBehaviour("drip-10000").dripMs, 10000);
    EXPECT_EQ(parseFakeBehaviour("big-1048576").bigBytes, 1048576);
    EXPECT_TRUE(parseFakeBehaviour("claude-tool-user").tool);
    EXPECT_TRUE(parseFakeBehaviour("malformed-json").malformedJson);
    EXPECT_TRUE(parseFakeBehaviour("broken-sse").brokenSse);
}

TEST(FakeBehaviour, IsCaseInsensitive) {
    EXPECT_EQ(parseFakeBehaviour("LATENCY-7").latencyMs, 7);
}

}  // namespace
}  // namespace gatehouse
