// core/RequestPhase: where an inference request is while hook phases run on
// hook threads and the client may leave at any point.
#include "core/RequestPhase.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using Phase = RequestPhase::Phase;

TEST(RequestPhaseTest, ClientLeavingWhileRunningEndsTheRequestOnce) {
    RequestPhase phase;
    EXPECT_TRUE(phase.clientGone());
    EXPECT_TRUE(phase.finish());
    EXPECT_TRUE(phase.finished());
    EXPECT_FALSE(phase.finish());      // counted once
    EXPECT_FALSE(phase.clientGone());  // nothing left to end
}

TEST(RequestPhaseTest, ClientLeavingDuringHooksWaitsForThePhaseToBeBack) {
    RequestPhase phase;
    phase.hooksOut();
    EXPECT_TRUE(phase.hooksAreOut());
    EXPECT_FALSE(phase.clientGone());  // the hook thread is using the request
    EXPECT_EQ(phase.phase(), Phase::HooksOutClientGone);
    EXPECT_FALSE(phase.finished());
    EXPECT_FALSE(phase.hooksBack());  // back, and the client is gone
    EXPECT_EQ(phase.phase(), Phase::Running);
    EXPECT_TRUE(phase.clientGone());  // now the request ends
}

TEST(RequestPhaseTest, HooksComingBackWithTheClientStillThereGoOn) {
    RequestPhase phase;
    phase.hooksOut();
    EXPECT_TRUE(phase.hooksBack());
    EXPECT_FALSE(phase.hooksAreOut());
    EXPECT_EQ(phase.phase(), Phase::Running);
}

TEST(RequestPhaseTest, AFinishedRequestSendsNoHooksOut) {
    RequestPhase phase;
    phase.finish();
    phase.hooksOut();
    EXPECT_TRUE(phase.finished());
    EXPECT_FALSE(phase.hooksAreOut());
}
