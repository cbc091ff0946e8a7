// DeadlineTimer: the connections' timeout, restarted on every request.
#include "net/DeadlineTimer.h"

#include "EventLoopWait.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>

namespace gatehouse {
namespace {

TEST(DeadlineTimer, RestartPushesTheExpiryBackFromTheLastStart) {
    int expired = 0;
    DeadlineTimer timer([&] { ++expired; });
    timer.start(60);
    runEventsFor(40);
    QElapsedTimer sinceRestart;
    sinceRestart.start();
    timer.start(60);  // the first expiry (at 60 ms) must not count any more
    ASSERT_TRUE(runEventsUntil([&] { return expired > 0; }, 5000));
    EXPECT_GE(sinceRestart.elapsed(), 59);
    EXPECT_EQ(expired, 1);
    EXPECT_FALSE(timer.isActive());
}

TEST(DeadlineTimer, StoppedTimerNeverExpires) {
    int expired = 0;
    DeadlineTimer timer([&] { ++expired; });
    timer.start(20);
    timer.stop();
    EXPECT_FALSE(timer.isActive());
    runEventsFor(100);
    EXPECT_EQ(expired, 0);
}

TEST(DeadlineTimer, SoonerDeadlineFiresSooner) {
    int expired = 0;
    DeadlineTimer timer([&] { ++expired; });
    timer.start(60'000);
    timer.start(20);
    EXPECT_EQ(timer.interval(), 20);
    EXPECT_TRUE(runEventsUntil([&] { return expired > 0; }, 10'000));
}

TEST(DeadlineTimer, RestartAfterExpiryExpiresAgain) {
    int expired = 0;
    DeadlineTimer timer([&] { ++expired; });
    timer.start(10);
    ASSERT_TRUE(runEventsUntil([&] { return expired == 1; }));
    timer.start(10);
    ASSERT_TRUE(runEventsUntil([&] { return expired == 2; }));
}

}  // namespace
}  // namespace gatehouse
