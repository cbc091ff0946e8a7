// parseResponseHead: which provider response heads take the one-pass path
// and what it reads from them. Everything else must be Unusual (for
// http_parser) or Incomplete, never a wrong reading.
#include "upstream/ResponseHead.h"

#include <gtest/gtest.h>

#include <QByteArray>

namespace gatehouse {
namespace {

ResponseHeadParse parse(const QByteArray &bytes, ResponseHead *head) {
    return parseResponseHead(bytes.constData(), bytes.size(), head);
}

TEST(ResponseHead, PlainHeadIsReadWholeWithItsHeadersAndBodyLength) {
    const QByteArray bytes =
        "HTTP/1.1 429 Too Many Requests\r\nServer: nginx\r\nRetry-After:  2 \r\n"
        "Content-Length: 5\r\n\r\nhello";
    ResponseHead head;
    ASSERT_EQ(parse(bytes, &head), ResponseHeadParse::Complete);
    EXPECT_EQ(head.status, 429);
    EXPECT_EQ(head.httpMinor, 1);
    EXPECT_EQ(head.contentLength, 5);
    EXPECT_TRUE(head.keepAlive);
    EXPECT_EQ(head.length, bytes.size() - 5);
    ASSERT_EQ(head.headers.size(), 3);
    EXPECT_EQ(head.headers[1].first, "Retry-After");
    EXPECT_EQ(head.headers[1].second, "2");  // without the spaces around it
}

TEST(ResponseHead, KeepAliveFollowsTheVersionAndConnectionHeader) {
    ResponseHead head;
    ASSERT_EQ(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", &head),
              ResponseHeadParse::Complete);
    EXPECT_FALSE(head.keepAlive);
    ASSERT_EQ(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", &head),
              ResponseHeadParse::Complete);
    EXPECT_FALSE(head.keepAlive);
    ASSERT_EQ(
        parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", &head),
        ResponseHeadParse::Complete);
    EXPECT_TRUE(head.keepAlive);
}

TEST(ResponseHead, HeadThatDoesNotEndInTheBufferIsIncomplete) {
    ResponseHead head;
    EXPECT_EQ(parse("HTTP/1.1 2", &head), ResponseHeadParse::Incomplete);
    EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nContent-Len", &head), ResponseHeadParse::Incomplete);
    EXPECT_EQ(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n", &head),
              ResponseHeadParse::Incomplete);
}

TEST(ResponseHead, EverythingButAPlainLengthDelimitedHeadIsLeftToHttpParser) {
    const char *unusual[] = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\n",                               // body until close
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n",      // interim head
        "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n",  // no body whatever it says
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 0\t\r\n\r\n",  // http_parser refuses the tab
        // http_parser 2.9 takes this name for Transfer-Encoding (and then
        // refuses the Content-Length next to it).
        "HTTP/1.1 200 OK\r\nTransfer-Encodinge: x\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: 1\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: bare\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nConnection: close, upgrade\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/2 200\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 20 OK\r\nContent-Length: 1\r\n\r\n",
        "http/1.1 200 OK\r\nContent-Length: 1\r\n\r\n",
    };
    for (const char *bytes : unusual) {
        ResponseHead head;
        EXPECT_EQ(parse(bytes, &head), ResponseHeadParse::Unusual) << bytes;
    }
}

}  // namespace
}  // namespace gatehouse
