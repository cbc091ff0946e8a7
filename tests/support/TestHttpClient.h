#pragma once

#include "http/HttpHeaders.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <chrono>
#include <functional>

namespace gatehouse {

// One HTTP response as the client saw it.
struct TestHttpResponse {
    bool complete = false;  // the whole response (head and body) arrived
    QString error;          // why not: "timeout", "closed", "malformed: ..."
    QByteArray version;     // "HTTP/1.1"
    int status = 0;
    QByteArray reason;
    HttpHeaders headers;
    QByteArray body;  // de-chunked
    bool chunked = false;
    bool closeDelimited = false;  // neither chunked nor Content-Length: ended by close

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
};

// A piece of a response body as it arrived: one chunk of a chunked body, or
// one read's worth of a length- or close-delimited body.
struct TestBodyPiece {
    // Closed: the server ended the connection (FIN) before the body was
    // complete; Reset: it reset it (RST), which is the only way to signal a
    // broken close-delimited body.
    enum class Kind { Data, End, Timeout, Closed, Reset, Malformed };
    Kind kind = Kind::Timeout;
    QByteArray data;
    qint64 atMs = 0;  // milliseconds since the last send() when it was complete
};

// A whole streamed response, piece by piece with arrival times.
struct TestStreamedResponse {
    TestHttpResponse head;        // status and headers; body stays empty
    QList<TestBodyPiece> pieces;  // Data pieces only
    bool complete = false;        // the body ended properly (last chunk, length or close)
    TestBodyPiece::Kind end = TestBodyPiece::Kind::Timeout;  // how it ended

    QByteArray body() const;
};

// A blocking HTTP/1.x client on plain POSIX sockets, for talking to servers
// that run on their own threads (the test thread needs no event loop). Every
// read has a deadline, so a test fails instead of hanging. Sends exactly the
// bytes it is given, so tests can write malformed or pipelined requests.
class TestHttpClient {
public:
    TestHttpClient() = default;
    ~TestHttpClient();
    TestHttpClient(const TestHttpClient &) = delete;
    TestHttpClient &operator=(const TestHttpClient &) = delete;

    // Connects to 127.0.0.1:port.
    bool connectTo(quint16 port, int timeoutMs = 5000);
    // A small receive buffer (set before connectTo) makes a client that does
    // not read stall the server's writes after a few kilobytes.
    void setReceiveBuffer(int bytes) { receiveBufferBytes_ = bytes; }
    bool isConnected() const { return fd_ >= 0; }
    // Sends all of `bytes` (waits while the socket buffer is full).
    bool send(const QByteArray &bytes, int timeoutMs = 5000);
    // Half-close: the server reads end-of-stream, we can still read.
    void shutdownWrite();
    void close();

    // Reads one response; bytes after it stay buffered for the next call.
    // `forHead`: the request was HEAD, so the response has no body.
    TestHttpResponse readResponse(int timeoutMs = 5000, bool forHead = false);

    // Incremental reading of a streamed response: the head, then the body
    // piece by piece until a piece of kind End (or Closed/Reset/Timeout/Malformed).
    bool readHead(TestHttpResponse *head, int timeoutMs = 5000);
    TestBodyPiece readBodyPiece(int timeoutMs = 5000);
    // Both of the above until the body ends; `timeoutMs` bounds the whole read.
    TestStreamedResponse readStreamed(int timeoutMs = 10000);
    // A live tail (or any stream that stays open): connects, sends a GET of
    // `path` and reads the head. Then readBodyUntil gathers the body's
    // pieces until `done` holds of all that came (at most `pieces` waits of
    // `pieceTimeoutMs`), and returns them.
    bool openStream(quint16 port, const QByteArray &path, TestHttpResponse *head);
    QByteArray readBodyUntil(const std::function<bool(const QByteArray &)> &done, int pieces = 20,
                             int pieceTimeoutMs = 2000);

    // True when the server closes the connection (EOF or reset) within the
    // time; any bytes that arrive meanwhile are kept in `received`.
    bool waitForClose(int timeoutMs = 5000, QByteArray *received = nullptr);
    // Whatever arrives until the server closes or the time is up.
    QByteArray readUntilClosed(int timeoutMs = 5000);

    // One request on a fresh connection ("Connection: close" unless the
    // headers say otherwise); returns the response.
    static TestHttpResponse request(quint16 port, const QByteArray &method, const QByteArray &path,
                                    const QByteArray &body = {}, const HttpHeaders &headers = {},
                                    int timeoutMs = 10000);
    static TestHttpResponse post(quint16 port, const QByteArray &path, const QByteArray &json,
                                 const HttpHeaders &headers = {}, int timeoutMs = 10000);
    static TestHttpResponse get(quint16 port, const QByteArray &path,
                                const HttpHeaders &headers = {}, int timeoutMs = 10000);
    // The raw bytes of such a request.
    static QByteArray formatRequest(const QByteArray &method, const QByteArray &path,
                                    const QByteArray &body = {}, const HttpHeaders &headers = {});

private:
    using Clock = std::chrono::steady_clock;
    enum class Fill { Ok, Timeout, Closed, Reset };

    Fill fill(Clock::time_point deadline);
    Fill readLine(QByteArray *line, Clock::time_point deadline);
    Fill readExactly(qint64 n, QByteArray *out, Clock::time_point deadline);
    bool parseHead(TestHttpResponse *head, Clock::time_point deadline);
    bool readHeadFor(TestHttpResponse *head, int timeoutMs, bool forHead);
    qint64 sinceSendMs() const;
    static QString fillError(Fill f);

    int fd_ = -1;
    int receiveBufferBytes_ = 0;
    QByteArray buffer_;  // received, not yet consumed
    Clock::time_point sentAt_ = Clock::now();
    // Body framing of the response being read incrementally.
    enum class Framing { None, Length, Chunked, Close } framing_ = Framing::None;
    qint64 remaining_ = 0;
};

}  // namespace gatehouse
