// Where a plugin instance's hooks run: unproven ones on the hook threads,
// proven-fast ones inline, slow ones on the hook threads for good.
#include "plugins/HookPace.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {
constexpr qint64 kFast = 20 * 1000;             // 20 us
constexpr qint64 kMiddling = 3 * 1000 * 1000;   // 3 ms: neither fast nor slow
constexpr qint64 kSlow = 1000LL * 1000 * 1000;  // 1 s
}  // namespace

TEST(HookPaceTest, FastCallsInARowProveAnInstance) {
    HookPace pace;
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    for (int i = 0; i < HookPace::kProvingCalls - 1; ++i) EXPECT_FALSE(pace.record(kFast));
    EXPECT_FALSE(pace.runsInline());
    EXPECT_FALSE(pace.record(kFast));
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
    EXPECT_TRUE(pace.runsInline());
}

TEST(HookPaceTest, AMiddlingCallStartsTheCountAgain) {
    HookPace pace;
    for (int i = 0; i < HookPace::kProvingCalls - 1; ++i) pace.record(kFast);
    pace.record(kMiddling);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    for (int i = 0; i < HookPace::kProvingCalls - 1; ++i) pace.record(kFast);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    pace.record(kFast);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
    // Once proven, a middling call is no reason to move.
    pace.record(kMiddling);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
}

TEST(HookPaceTest, OneSlowCallMakesItSlowForGoodAndIsReportedOnce) {
    HookPace pace;
    for (int i = 0; i < HookPace::kProvingCalls; ++i) pace.record(kFast);
    ASSERT_TRUE(pace.runsInline());
    EXPECT_TRUE(pace.record(HookPace::kSlowNanos + 1));
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    EXPECT_FALSE(pace.record(kSlow));  // reported once
    for (int i = 0; i < 10 * HookPace::kProvingCalls; ++i) pace.record(kFast);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    EXPECT_FALSE(pace.runsInline());
}

TEST(HookPaceTest, AnUnprovenInstanceCanTurnSlowToo) {
    HookPace pace;
    EXPECT_FALSE(pace.record(HookPace::kSlowNanos));  // at the limit: not over it
    EXPECT_TRUE(pace.record(kSlow));
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
}
