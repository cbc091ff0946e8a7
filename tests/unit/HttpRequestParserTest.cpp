#include "http/HttpRequestParser.h"

#include <gtest/gtest.h>

#include <vector>

namespace gatehouse {
namespace {

std::vector<HttpRequest> takeAll(HttpRequestParser &parser) {
    std::vector<HttpRequest> out;
    while (parser.hasRequest()) out.push_back(parser.takeRequest());
    return out;
}

// Feeds `bytes` in pieces cut at `cuts` (offsets in increasing order).
bool feedInPieces(HttpRequestParser &parser, const QByteArray &bytes, std::vector<qsizetype> cuts) {
    cuts.push_back(bytes.size());
    qsizetype from = 0;
    for (qsizetype to : cuts) {
        if (!parser.feed(bytes.constData() + from, to - from)) return false;
        from = to;
    }
    return true;
}

bool feedAll(HttpRequestParser &parser, const QByteArray &bytes) {
    return parser.feed(bytes.constData(), bytes.size());
}

const QByteArray kPostWithBody =
    "POST /v1/chat%20completions?stream=true&x=%41 HTTP/1.1\r\n"
    "Host: example.test\r\n"
    "Content-Type: application/json\r\n"
    "X-Dup: one\r\n"
    "X-Dup: two\r\n"
    "Content-Length: 17\r\n"
    "\r\n"
    "{\"model\":\"gpt-4\"}";

void expectPostWithBody(const HttpRequest &r) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/v1/chat%20completions?stream=true&x=%41");
    EXPECT_EQ(r.path, "/v1/chat completions");
    EXPECT_EQ(r.query, "stream=true&x=%41");
    EXPECT_EQ(r.headers.value("content-type"), "application/json");
    EXPECT_EQ(r.body, "{\"model\":\"gpt-4\"}");
    EXPECT_EQ(r.httpMinor, 1);
    EXPECT_TRUE(r.keepAlive);
}

TEST(HttpRequestParser, ParsesMethodTargetPathQueryHeadersAndBody) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, kPostWithBody));
    auto requests = takeAll(parser);
    ASSERT_EQ(requests.size(), 1u);
    expectPostWithBody(requests[0]);
    EXPECT_FALSE(parser.inRequest());
}

TEST(HttpRequestParser, KeepsHeaderOrderAndDuplicates) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, kPostWithBody));
    const auto r = parser.takeRequest();
    ASSERT_EQ(r.headers.size(), 5);
    EXPECT_EQ(r.headers.fields()[0].first, "Host");
    EXPECT_EQ(r.headers.fields()[2], HttpHeaders::Field("X-Dup", "one"));
    EXPECT_EQ(r.headers.fields()[3], HttpHeaders::Field("X-Dup", "two"));
}

TEST(HttpRequestParser, TrimsWhitespaceAroundHeaderValues) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.1\r\nX-Pad:    spaced value   \r\n\r\n"));
    EXPECT_EQ(parser.takeRequest().headers.value("X-Pad"), "spaced value");
}

TEST(HttpRequestParser, ParsesRequestSplitAtEverySinglePoint) {
    for (qsizetype cut = 1; cut < kPostWithBody.size(); ++cut) {
        SCOPED_TRACE(testing::Message() << "cut at " << cut);
        HttpRequestParser parser{HttpLimits{}};
        ASSERT_TRUE(feedInPieces(parser, kPostWithBody, {cut}));
        auto requests = takeAll(parser);
        ASSERT_EQ(requests.size(), 1u);
        expectPostWithBody(requests[0]);
    }
}

TEST(HttpRequestParser, ParsesRequestSplitAtEveryPairOfPoints) {
    const qsizetype n = kPostWithBody.size();
    for (qsizetype a = 1; a < n; ++a) {
        for (qsizetype b = a + 1; b < n; ++b) {
            HttpRequestParser parser{HttpLimits{}};
            ASSERT_TRUE(feedInPieces(parser, kPostWithBody, {a, b})) << a << "," << b;
            auto requests = takeAll(parser);
            ASSERT_EQ(requests.size(), 1u) << a << "," << b;
            ASSERT_EQ(requests[0].body, "{\"model\":\"gpt-4\"}") << a << "," << b;
            ASSERT_EQ(requests[0].headers.size(), 5) << a << "," << b;
            ASSERT_EQ(requests[0].path, "/v1/chat completions") << a << "," << b;
        }
    }
}

TEST(HttpRequestParser, ParsesRequestFedOneByteAtATime) {
    HttpRequestParser parser{HttpLimits{}};
    for (qsizetype i = 0; i < kPostWithBody.size(); ++i) {
        ASSERT_TRUE(parser.feed(kPostWithBody.constData() + i, 1));
        EXPECT_EQ(parser.hasRequest(), i == kPostWithBody.size() - 1);
    }
    expectPostWithBody(parser.takeRequest());
}

TEST(HttpRequestParser, ReportsInRequestWhileARequestIsIncomplete) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(parser.inRequest());
    ASSERT_TRUE(feedAll(parser, "GET / HT"));
    EXPECT_TRUE(parser.inRequest());
    ASSERT_TRUE(feedAll(parser, "TP/1.1\r\n\r\n"));
    EXPECT_FALSE(parser.inRequest());
    EXPECT_TRUE(parser.hasRequest());
}

TEST(HttpRequestParser, YieldsPipelinedRequestsInOrder) {
    HttpRequestParser parser{HttpLimits{}};
    const QByteArray bytes =
        "GET /first HTTP/1.1\r\n\r\n" + kPostWithBody + "GET /third HTTP/1.1\r\n\r\n";
    ASSERT_TRUE(feedAll(parser, bytes));
    auto requests = takeAll(parser);
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[0].path, "/first");
    expectPostWithBody(requests[1]);
    EXPECT_EQ(requests[2].path, "/third");
}

TEST(HttpRequestParser, ParsesPipelinedRequestsSplitAtEveryPoint) {
    const QByteArray bytes = kPostWithBody + "GET /second HTTP/1.1\r\n\r\n";
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        HttpRequestParser parser{HttpLimits{}};
        ASSERT_TRUE(feedInPieces(parser, bytes, {cut})) << cut;
        auto requests = takeAll(parser);
        ASSERT_EQ(requests.size(), 2u) << cut;
        EXPECT_EQ(requests[0].body, "{\"model\":\"gpt-4\"}") << cut;
        EXPECT_EQ(requests[1].path, "/second") << cut;
    }
}

const QByteArray kChunkedPost =
    "POST /upload HTTP/1.1\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n"
    "5\r\nhello\r\n"
    "1;ext=1\r\n,\r\n"
    "6\r\n world\r\n"
    "0\r\n"
    "X-Trailer: t\r\n"
    "\r\n";

TEST(HttpRequestParser, DecodesChunkedRequestBody) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, kChunkedPost));
    auto requests = takeAll(parser);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].body, "hello, world");
}

TEST(HttpRequestParser, DecodesChunkedBodySplitAtEveryPoint) {
    for (qsizetype cut = 1; cut < kChunkedPost.size(); ++cut) {
        HttpRequestParser parser{HttpLimits{}};
        ASSERT_TRUE(feedInPieces(parser, kChunkedPost, {cut})) << cut;
        auto requests = takeAll(parser);
        ASSERT_EQ(requests.size(), 1u) << cut;
        EXPECT_EQ(requests[0].body, "hello, world") << cut;
    }
}

TEST(HttpRequestParser, Http11IsKeepAliveByDefault) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.1\r\n\r\n"));
    EXPECT_TRUE(parser.takeRequest().keepAlive);
}

TEST(HttpRequestParser, Http11WithConnectionCloseIsNotKeepAlive) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
    EXPECT_FALSE(parser.takeRequest().keepAlive);
}

TEST(HttpRequestParser, Http10IsNotKeepAliveByDefault) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.0\r\n\r\n"));
    const auto r = parser.takeRequest();
    EXPECT_EQ(r.httpMinor, 0);
    EXPECT_FALSE(r.keepAlive);
}

TEST(HttpRequestParser, Http10WithKeepAliveHeaderIsKeepAlive) {
    HttpRequestParser parser{HttpLimits{}};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    EXPECT_TRUE(parser.takeRequest().keepAlive);
}

TEST(HttpRequestParser, ContentLengthOverLimitFailsWith413BeforeAnyBody) {
    HttpLimits limits;
    limits.maxBodyBytes = 1000;
    HttpRequestParser parser{limits};
    EXPECT_FALSE(feedAll(parser, "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 413);
    EXPECT_FALSE(parser.hasRequest());
}

TEST(HttpRequestParser, ContentLengthAtLimitIsAccepted) {
    HttpLimits limits;
    limits.maxBodyBytes = 4;
    HttpRequestParser parser{limits};
    ASSERT_TRUE(feedAll(parser, "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd"));
    EXPECT_EQ(parser.takeRequest().body, "abcd");
}

TEST(HttpRequestParser, ChunkedBodyOverLimitFailsWith413) {
    HttpLimits limits;
    limits.maxBodyBytes = 8;
    HttpRequestParser parser{limits};
    ASSERT_TRUE(feedAll(parser,
                        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "5\r\nhello\r\n"));
    EXPECT_FALSE(feedAll(parser, "5\r\nworld\r\n"));
    EXPECT_EQ(parser.errorStatus(), 413);
}

TEST(HttpRequestParser, TooManyHeaderFieldsFailsWith431) {
    HttpLimits limits;
    limits.maxHeaderCount = 10;
    HttpRequestParser parser{limits};
    QByteArray bytes = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 11; ++i) bytes += "X-H" + QByteArray::number(i) + ": v\r\n";
    EXPECT_FALSE(feedAll(parser, bytes + "\r\n"));
    EXPECT_EQ(parser.errorStatus(), 431);
}

TEST(HttpRequestParser, HeaderCountAtLimitIsAccepted) {
    HttpLimits limits;
    limits.maxHeaderCount = 10;
    HttpRequestParser parser{limits};
    QByteArray bytes = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 10; ++i) bytes += "X-H" + QByteArray::number(i) + ": v\r\n";
    ASSERT_TRUE(feedAll(parser, bytes + "\r\n"));
    EXPECT_EQ(parser.takeRequest().headers.size(), 10);
}

TEST(HttpRequestParser, HugeHeaderLineFailsWith431BeforeItEnds) {
    HttpLimits limits;
    limits.maxHeaderBytes = 4096;
    HttpRequestParser parser{limits};
    ASSERT_TRUE(feedAll(parser, "GET / HTTP/1.1\r\nX-Big: "));
    // The line never ends: the limit must trip on the bytes alone.
    EXPECT_FALSE(feedAll(parser, QByteArray(8192, 'a')));
    EXPECT_EQ(parser.errorStatus(), 431);
}

TEST(HttpRequestParser, HugeTargetFailsWith414) {
    HttpLimits limits;
    limits.maxHeaderBytes = 1024;
    HttpRequestParser parser{limits};
    EXPECT_FALSE(feedAll(parser, "GET /" + QByteArray(2048, 'a') + " HTTP/1.1\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 414);
}

TEST(HttpRequestParser, GarbageFailsWith400) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(feedAll(parser, "THIS IS NOT HTTP\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 400);
    EXPECT_FALSE(parser.errorMessage().isEmpty());
}

TEST(HttpRequestParser, InvalidContentLengthFailsWith400) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(feedAll(parser, "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 400);
}

TEST(HttpRequestParser, UnsupportedHttpVersionFailsWith505) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(feedAll(parser, "GET / HTTP/2.0\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 505);
}

TEST(HttpRequestParser, StaysFailedAfterAnError) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(feedAll(parser, "BROKEN\r\n\r\n"));
    EXPECT_FALSE(feedAll(parser, "GET / HTTP/1.1\r\n\r\n"));
    EXPECT_FALSE(parser.hasRequest());
    EXPECT_TRUE(parser.failed());
}

TEST(HttpRequestParser, KeepsRequestsCompletedBeforeAnError) {
    HttpRequestParser parser{HttpLimits{}};
    EXPECT_FALSE(feedAll(parser, "GET /ok HTTP/1.1\r\n\r\nBROKEN\r\n\r\n"));
    EXPECT_EQ(parser.errorStatus(), 400);
    ASSERT_TRUE(parser.hasRequest());
    EXPECT_EQ(parser.takeRequest().path, "/ok");
}

// Clients such as curl --http2 offer "Upgrade: h2c" on plain HTTP; a server
// that does not upgrade must answer the request as HTTP/1.1.
TEST(HttpRequestParser, IgnoresUpgradeOfferAndParsesTheRequest) {
    HttpRequestParser parser{HttpLimits{}};
    const QByteArray bytes =
        "POST /v1/x HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\nContent-Length: 2\r\n\r\n{}"
        "GET /next HTTP/1.1\r\n\r\n";
    ASSERT_TRUE(feedAll(parser, bytes)) << parser.errorMessage().toStdString();
    auto requests = takeAll(parser);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].body, "{}");
    EXPECT_EQ(requests[1].path, "/next");
}

}  // namespace
}  // namespace gatehouse
