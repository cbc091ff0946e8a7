// The request log's compressed body blocks: what goes in comes out, byte for
// byte, and a damaged block is an error, never a crash or a wrong body.
#include "store/BodyBlock.h"
#include "store/LogRows.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

RequestTrace traceWith(const QString &id, const QByteArray &request, const QByteArray &response) {
    RequestTrace t;
    t.id = id;
    t.requestBody = request;
    t.responseBody = response;
    t.spans.append({TraceSpan::Kind::Provider, "up/gpt-4o", 1, 250, "ok", "key k"});
    return t;
}

}  // namespace

TEST(BodyBlockTest, EveryRequestOfABlockComesBackAsItWent) {
    BodyBlock::Builder builder;
    static const char kBinary[] = "a\xff\0b";  // not UTF-8, with a NUL: kept as is
    std::vector<RequestTrace> traces;
    traces.push_back(traceWith("gh-1", R"({"model":"m","messages":[]})", R"({"id":"x"})"));
    traces.push_back(traceWith("gh-2", QByteArray(kBinary, sizeof kBinary - 1), QByteArray()));
    traces.push_back(traceWith("gh-ü", QByteArray(""), QByteArray(100000, 'z')));
    traces.back().requestTruncated = true;
    traces.back().responseTruncated = true;
    for (const RequestTrace &t : traces) builder.add(t);
    EXPECT_EQ(builder.count(), 3);
    QString error;
    const QByteArray block = builder.finish(&error);
    ASSERT_FALSE(block.isNull()) << error.toStdString();
    EXPECT_LT(block.size(), 1000);  // 100 KB of 'z' compress to almost nothing
    EXPECT_EQ(builder.count(), 0);

    for (const RequestTrace &t : traces) {
        const auto c = BodyBlock::find(block, t.id, &error);
        ASSERT_TRUE(c) << t.id.toStdString() << error.toStdString();
        EXPECT_EQ(c->requestBody, t.requestBody);
        EXPECT_EQ(c->requestBody.isNull(), t.requestBody.isNull());
        EXPECT_EQ(c->responseBody, t.responseBody);
        EXPECT_EQ(c->responseBody.isNull(), t.responseBody.isNull());
        EXPECT_EQ(c->requestTruncated, t.requestTruncated);
        EXPECT_EQ(c->responseTruncated, t.responseTruncated);
        EXPECT_EQ(c->spansJson, LogRows::spansJson(t.spans));
    }
    error.clear();
    EXPECT_FALSE(BodyBlock::find(block, u"gh-3", &error));
    EXPECT_TRUE(error.isEmpty());  // simply not there
}

TEST(BodyBlockTest, ABuilderIsReusedBlockAfterBlock) {
    BodyBlock::Builder builder;
    QString error;
    builder.add(traceWith("first", "one", "1"));
    const QByteArray a = builder.finish(&error);
    builder.add(traceWith("second", "two", "2"));
    const QByteArray b = builder.finish(&error);
    EXPECT_TRUE(BodyBlock::find(a, u"first", &error));
    EXPECT_FALSE(BodyBlock::find(a, u"second", &error));
    EXPECT_FALSE(BodyBlock::find(b, u"first", &error));
    EXPECT_EQ(BodyBlock::find(b, u"second", &error)->requestBody, "two");
}

TEST(BodyBlockTest, ABlockIsFullAtItsRequestOrByteBound) {
    BodyBlock::Builder builder;
    for (int i = 0; i < BodyBlock::kMaxRequests - 1; ++i) builder.add(traceWith("r", "a", "b"));
    EXPECT_FALSE(builder.full());
    builder.add(traceWith("r", "a", "b"));
    EXPECT_TRUE(builder.full());
    QString error;
    builder.finish(&error);
    builder.add(traceWith("big", QByteArray(BodyBlock::kMaxRawBytes, 'x'), QByteArray()));
    EXPECT_TRUE(builder.full());
}

TEST(BodyBlockTest, ADamagedBlockIsAnErrorNotABody) {
    BodyBlock::Builder builder;
    builder.add(traceWith("gh-1", "request", "response"));
    QString error;
    const QByteArray block = builder.finish(&error);
    for (const QByteArray &bad :
         {QByteArray(), QByteArray("not zstd at all"), block.left(block.size() / 2),
          QByteArray(block).replace(block.size() - 6, 4, "\xde\xad\xbe\xef")}) {
        error.clear();
        EXPECT_FALSE(BodyBlock::find(bad, u"gh-1", &error));
        EXPECT_FALSE(error.isEmpty()) << bad.toHex().toStdString();
    }
}
