// The live feed keeps the newest events while someone reads it, and none
// (but still numbers them) while nobody does.
#include "store/LiveFeed.h"

#include <gtest/gtest.h>
#include <QThread>

using namespace gatehouse;

namespace {
std::shared_ptr<const RequestTrace> request(const QString &id) {
    auto t = std::make_shared<RequestTrace>();
    t->id = id;
    return t;
}
}  // namespace

TEST(LiveFeedTest, AReaderGetsWhatCameAfterItsNumberUpToTheCap) {
    LiveFeed feed(3);
    for (int i = 1; i <= 5; ++i) feed.publish(request(QString::number(i)));
    const LiveFeed::Batch all = feed.since(1);
    ASSERT_EQ(all.events.size(), 3u);
    EXPECT_EQ(all.events.front().request->id, "3");
    EXPECT_EQ(all.missed, 2);  // fell out of the ring
    EXPECT_EQ(all.nextSeq, 6);
    feed.publish(request("6"));
    const LiveFeed::Batch next = feed.since(all.nextSeq);
    ASSERT_EQ(next.events.size(), 1u);
    EXPECT_EQ(next.events[0].request->id, "6");
}

TEST(LiveFeedTest, NobodyReadingMeansNothingIsKeptButEverythingIsCounted) {
    LiveFeed feed(100, 50);
    feed.publish(request("early"));  // watched at first
    QThread::msleep(120);            // nobody read for longer than the watch
    feed.publish(request("unwatched-1"));
    feed.publish(request("unwatched-2"));
    const LiveFeed::Batch late = feed.since(1);
    EXPECT_TRUE(late.events.empty());
    EXPECT_EQ(late.missed, 3);  // told what it missed
    EXPECT_EQ(late.nextSeq, 4);
    // That read made the feed watched again.
    feed.publish(request("watched"));
    const LiveFeed::Batch again = feed.since(late.nextSeq);
    ASSERT_EQ(again.events.size(), 1u);
    EXPECT_EQ(again.events[0].request->id, "watched");
}

TEST(LiveFeedTest, AskingWhereTheFeedIsStartsWatchingIt) {
    LiveFeed feed(100, 50);
    QThread::msleep(120);
    const qint64 from = feed.nextSeq();
    feed.publish(request("after"));
    const LiveFeed::Batch b = feed.since(from);
    ASSERT_EQ(b.events.size(), 1u);
    EXPECT_EQ(b.events[0].request->id, "after");
}
