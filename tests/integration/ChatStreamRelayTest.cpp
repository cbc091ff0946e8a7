// A chat client streaming from a chat provider, through no stream hooks,
// gets each chunk as the provider wrote it (its key order, escapes and
// fields the gateway does not know), not the chunk written again.
#include "FakeProviders.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <thread>

using namespace gatehouse;

namespace {

// The provider's stream, with what a re-written chunk would not keep.
const char kFirst[] =
    R"({"z_vendor":{"x":1},"object":"chat.completion.chunk","id":"c1","created":1,)"
    R"("model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"h\u00e9llo"}}]})";
const char kLast[] =
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],)"
    R"("usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";

// One HTTP exchange on a loopback socket: reads the request, answers the
// stream, closes. On its own thread, as the gateway's client call blocks
// the test's.
class OneStreamUpstream {
public:
    OneStreamUpstream() {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof a;
        if (::bind(listener_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
            ::listen(listener_, 4) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr *>(&a), &size) != 0)
            return;
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~OneStreamUpstream() {
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        if (thread_.joinable()) thread_.join();
    }
    int port() const { return port_; }

private:
    void serve() {
        const int c = ::accept(listener_, nullptr, nullptr);
        if (c < 0) return;
        QByteArray request;
        char buffer[65536];
        // Head, then the body its Content-Length announces.
        while (true) {
            const ssize_t n = ::read(c, buffer, sizeof buffer);
            if (n <= 0) break;
            request.append(buffer, n);
            const qsizetype end = request.indexOf("\r\n\r\n");
            if (end < 0) continue;
            const qsizetype at = request.toLower().indexOf("content-length:");
            const qsizetype length =
                at < 0 ? 0
                       : request.mid(at + 15, request.indexOf("\r\n", at) - at - 15)
                             .trimmed()
                             .toLongLong();
            if (request.size() >= end + 4 + length) break;
        }
        const QByteArray answer = QByteArrayLiteral(
                                      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                      "Connection: close\r\n\r\n") +
                                  "data: " + kFirst + "\n\n" + "data:" + kLast +
                                  "\n\ndata: [DONE]\n\n";
        (void)!::write(c, answer.constData(), size_t(answer.size()));
        ::close(c);
    }

    int listener_ = -1;
    int port_ = 0;
    std::thread thread_;
};

}  // namespace

TEST(ChatStreamRelayTest, AChatProvidersChunksReachAChatClientAsWritten) {
    OneStreamUpstream upstream;
    ASSERT_GT(upstream.port(), 0);
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(
        test::fakeProvidersConfig(QStringLiteral("http://127.0.0.1:%1").arg(upstream.port())),
        &error))
        << error.toStdString();
    const TestHttpResponse r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        R"({"model":"openai/fake","stream":true,"messages":[{"role":"user","content":"hi"}]})", {},
        20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.body,
              QByteArray("data: ") + kFirst + "\n\ndata: " + kLast + "\n\ndata: [DONE]\n\n");
}
