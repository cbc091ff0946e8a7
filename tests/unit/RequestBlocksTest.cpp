// A request-log block's summary (store/RequestBlocks.h): its keys list
// each distinct value once with its count of requests, and keyCount reads
// the count back, or says the keys cannot tell.
#include "store/RequestBlocks.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::RequestBlocks;

namespace {

RequestTrace trace(int i, const QString &provider, const QString &plugin) {
    RequestTrace t;
    t.id = QStringLiteral("r%1").arg(i);
    t.startedAtMs = 1000 + i;
    t.status = i % 3 ? 200 : 500;
    t.latencyUs = 10 * i;
    t.provider = provider;
    t.model = QStringLiteral("m");
    if (!plugin.isEmpty()) t.spans.append({TraceSpan::Kind::PreHook, plugin, 1, 2, "continue", {}});
    return t;
}

Block build(const std::vector<RequestTrace> &traces) {
    Builder b;
    QString error;
    for (const RequestTrace &t : traces)
        EXPECT_TRUE(b.add(t, QStringLiteral("i"), std::nullopt, {}, {}, &error))
            << error.toStdString();
    return b.finish();
}

}  // namespace

TEST(RequestBlocksTest, KeysCountTheRequestsOfEachValue) {
    std::vector<RequestTrace> traces;
    for (int i = 0; i < 10; ++i)
        traces.push_back(trace(i, i < 7 ? QStringLiteral("openai") : QStringLiteral("groq"),
                               i % 2 ? QStringLiteral("guard") : QString()));
    const Block b = build(traces);
    EXPECT_EQ(b.rows, 10);
    EXPECT_EQ(b.errors, 4);  // 0, 3, 6, 9
    EXPECT_EQ(b.firstMs, 1000);
    EXPECT_EQ(b.lastMs, 1009);
    EXPECT_EQ(b.maxLatencyUs, 90);
    EXPECT_EQ(keyCount(b.keys, Key::Provider, u"openai"), 7);
    EXPECT_EQ(keyCount(b.keys, Key::Provider, u"groq"), 3);
    EXPECT_EQ(keyCount(b.keys, Key::Provider, u"open"), 0);  // a value's start is not it
    EXPECT_EQ(keyCount(b.keys, Key::Model, u"m"), 10);
    EXPECT_EQ(keyCount(b.keys, Key::Plugin, u"guard"), 5);
    EXPECT_EQ(keyCount(b.keys, Key::Session, u"s"), 0);
    // The listing a block's filter tests (keyCondition's LIKE) is unchanged.
    EXPECT_TRUE(b.keys.contains("\np=openai\n#7\n"));
    EXPECT_TRUE(b.keys.startsWith('\n'));
    EXPECT_TRUE(b.keys.endsWith('\n'));
}

TEST(RequestBlocksTest, KeysThatCannotTellSaySo) {
    const QString longProvider(300, QLatin1Char('p'));
    const Block b = build({trace(1, longProvider, {}), trace(2, QStringLiteral("x"), {})});
    // Too long to list: the block must be read.
    EXPECT_EQ(keyCount(b.keys, Key::Provider, longProvider), std::nullopt);
    EXPECT_EQ(keyCount(b.keys, Key::Provider, u"x"), 1);
    // A block written without counts (or with a damaged one).
    EXPECT_EQ(keyCount("\np=x\nm=m\n", Key::Provider, u"x"), std::nullopt);
    EXPECT_EQ(keyCount("\np=x\n", Key::Provider, u"x"), std::nullopt);
    EXPECT_EQ(keyCount("\np=x\n#12", Key::Provider, u"x"), std::nullopt);
    EXPECT_EQ(keyCount("\np=x\n#99999999999999999999\n", Key::Provider, u"x"), std::nullopt);
    EXPECT_EQ(keyCount("\np=x\n#\n", Key::Provider, u"x"), std::nullopt);
    EXPECT_EQ(keyCount("\np=x\n#3\n", Key::Provider, u"x"), 3);
}

TEST(RequestBlocksTest, EachBlockCountsItsOwn) {
    Builder b;
    QString error;
    ASSERT_TRUE(b.add(trace(1, QStringLiteral("a"), {}), {}, std::nullopt, {}, {}, &error));
    ASSERT_TRUE(b.add(trace(2, QStringLiteral("a"), {}), {}, std::nullopt, {}, {}, &error));
    EXPECT_EQ(keyCount(b.finish().keys, Key::Provider, u"a"), 2);
    ASSERT_TRUE(b.add(trace(3, QStringLiteral("a"), {}), {}, std::nullopt, {}, {}, &error));
    const Block second = b.finish();
    EXPECT_EQ(second.rows, 1);
    EXPECT_EQ(keyCount(second.keys, Key::Provider, u"a"), 1);
}
