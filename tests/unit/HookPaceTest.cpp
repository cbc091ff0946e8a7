// Where a plugin instance's hooks run: unproven and slow ones on the hook
// threads, proven-fast ones inline on the worker thread.
#include "plugins/HookPace.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {
constexpr qint64 kFast = 20 * 1000;             // 20 us
constexpr qint64 kMiddling = 3 * 1000 * 1000;   // 3 ms: neither fast nor slow
constexpr qint64 kSlow = 1000LL * 1000 * 1000;  // 1 s

void recordFast(HookPace &pace, int calls) {
    for (int i = 0; i < calls; ++i) EXPECT_FALSE(pace.record(kFast));
}
}  // namespace

TEST(HookPaceTest, FastCallsInARowProveAnInstance) {
    HookPace pace;
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    EXPECT_EQ(pace.provingCalls(), HookPace::kProvingCalls);
    recordFast(pace, HookPace::kProvingCalls - 1);
    EXPECT_FALSE(pace.runsInline());
    recordFast(pace, 1);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
    EXPECT_TRUE(pace.runsInline());
}

TEST(HookPaceTest, AMiddlingCallStartsTheCountAgain) {
    HookPace pace;
    recordFast(pace, HookPace::kProvingCalls - 1);
    pace.record(kMiddling);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    recordFast(pace, HookPace::kProvingCalls - 1);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Unproven);
    recordFast(pace, 1);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
    // Once proven, a middling call is no reason to move.
    pace.record(kMiddling);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
}

TEST(HookPaceTest, ABlockingCallTakesAFastInstanceBackToTheHookThreadsAtOnce) {
    HookPace pace;
    recordFast(pace, HookPace::kProvingCalls);
    ASSERT_TRUE(pace.runsInline());
    EXPECT_TRUE(pace.record(HookPace::kBlockingNanos + 1));  // reported: it held up a worker
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    EXPECT_FALSE(pace.runsInline());
    EXPECT_FALSE(pace.record(kSlow));  // on the hook threads already: nothing to report
}

// A call over 10 ms is a strike: one alone is what a preempted thread on a
// busy machine looks like; a second within the window is a hook that waits.
TEST(HookPaceTest, SecondSlowCallWithinTheWindowTakesAFastInstanceBack) {
    constexpr qint64 second = 1000LL * 1000 * 1000;
    constexpr qint64 slowish = 30LL * 1000 * 1000;  // 30 ms
    HookPace pace;
    recordFast(pace, HookPace::kProvingCalls);
    EXPECT_FALSE(pace.recordAt(HookPace::kSlowNanos, 10 * second));  // at the limit: not over it
    EXPECT_FALSE(pace.recordAt(slowish, 10 * second));               // first strike
    EXPECT_TRUE(pace.runsInline());
    recordFast(pace, 1000);
    EXPECT_FALSE(pace.recordAt(slowish, 13 * second));  // 3 s later: a new first strike
    EXPECT_TRUE(pace.runsInline());
    EXPECT_TRUE(pace.recordAt(slowish, 14 * second));  // 1 s later: out, and reported
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);

    // Proven fast again, it starts with no strike against it.
    recordFast(pace, pace.provingCalls());
    ASSERT_TRUE(pace.runsInline());
    EXPECT_FALSE(pace.recordAt(slowish, 14 * second + 1));
    EXPECT_TRUE(pace.runsInline());
}

TEST(HookPaceTest, EachSlowSightingMakesProvingFastAgainFourTimesLonger) {
    HookPace pace;
    recordFast(pace, HookPace::kProvingCalls);
    pace.record(kSlow);  // kSlow is over kBlockingNanos: out at once
    EXPECT_EQ(pace.provingCalls(), 4 * HookPace::kProvingCalls);
    recordFast(pace, 4 * HookPace::kProvingCalls - 1);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    recordFast(pace, 1);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
    EXPECT_TRUE(pace.record(kSlow));
    EXPECT_EQ(pace.provingCalls(), 16 * HookPace::kProvingCalls);
    // A plugin that keeps blocking stays on the hook threads; the count is capped.
    for (int i = 0; i < 10; ++i) pace.record(kSlow);
    EXPECT_EQ(pace.provingCalls(), HookPace::kProvingCalls << (2 * HookPace::kMaxSlowSightings));
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
}

TEST(HookPaceTest, AnUnprovenInstanceSeenSlowNeedsLongerToProveFast) {
    HookPace pace;
    EXPECT_FALSE(pace.record(kSlow));  // already on the hook threads
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    recordFast(pace, HookPace::kProvingCalls);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Slow);
    recordFast(pace, 3 * HookPace::kProvingCalls);
    EXPECT_EQ(pace.verdict(), HookPace::Verdict::Fast);
}
