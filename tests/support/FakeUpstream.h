#pragma once

#include "http/HttpHeaders.h"
#include "http/HttpRequestParser.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

namespace gatehouse {

class HttpServer;

// A request as FakeUpstream received it.
struct FakeRecordedRequest {
    QByteArray method;
    QByteArray path;
    HttpHeaders headers;
    QByteArray body;
    quint16 peerPort = 0;  // tells connections apart
    QByteArray query;      // without '?'
};

// A request as the fake's endpoints read it: a route hook (see
// setRouteHook) may rewrite it first, to put another API in front of them.
struct FakeRoute {
    QByteArray path;
    QByteArray query;
    HttpHeaders headers;
    QByteArray body;
};

// A route hook's own answer, when it answers instead of the endpoints.
struct FakeHookAnswer {
    int status = 200;
    QByteArray body;
};

// Runs on the fake's thread before the endpoints, for every request; true
// (and `answer` filled) answers the request, false goes on with `route`.
using FakeRouteHook = std::function<bool(FakeRoute *route, FakeHookAnswer *answer)>;

// A fake LLM provider for integration tests: an HttpServer on 127.0.0.1 (one
// worker thread of its own, free port), so it answers while the test thread
// blocks or runs its own event loop. It never blocks its thread: delays are
// timers, and every late write first checks that the client is still there.
//
// Endpoints (OpenAI-shaped unless noted):
//   POST /v1/chat/completions  chat.completion, or chat.completion.chunk SSE
//                              events then "data: [DONE]" when "stream": true
//                              (plus a usage chunk with stream_options.include_usage)
//   POST /v1/completions       text_completion, streamed the same way
//   POST /v1/embeddings        a deterministic 8-float vector per input
//                              ("dimensions" changes the length)
//   POST /v1/responses         OpenAI's Responses API (also Azure's): read as
//                              the chat request it stands for, answered as
//                              chat and written back in the Responses shape,
//                              streamed as its typed events (FakeResponsesApi.h)
//   POST /v1/messages          Anthropic Messages; streamed with the real
//                              sequence: message_start, content_block_start,
//                              ping, content_block_delta..., content_block_stop,
//                              [tool_use block: content_block_start,
//                              input_json_delta..., content_block_stop],
//                              message_delta, message_stop
//   GET  /v1/models            model list (Anthropic-shaped when the request
//                              has an anthropic-version header)
//   GET  /v1beta/models        Gemini model list (fakeGeminiModelsBody; the
//                              key must come in x-goog-api-key, 403 otherwise)
//   POST /v1beta/models/{model}:generateContent, :streamGenerateContent?alt=sse
//                              Google's Gemini API: the key must come in
//                              x-goog-api-key (403 otherwise, as Google does),
//                              a stream must ask for ?alt=sse (400 otherwise);
//                              the last event has the finish reason, a whole
//                              functionCall (no id) and the usage. Models with
//                              "thinking" in the name add a thought part and
//                              thoughtsTokenCount 7, with "cached"
//                              cachedContentTokenCount 1
//                              (Gemini {"error":{"code","message","status"}})
//   POST /v1beta/models/{model}:batchEmbedContents
//                              Gemini embeddings (FakeEmbeddings.h), the
//                              key checked as above
//   POST /openai/deployments/{deployment}/chat/completions?api-version=...
//        (also completions, embeddings), /openai/v1/chat/completions ...
//                              Azure OpenAI: the key must come in api-key or
//                              as "Authorization: Bearer eyJ..." (401
//                              otherwise), a deployment path needs an
//                              api-version (404 otherwise); answers as OpenAI,
//                              the deployment standing for the model
// Answers echo the last user message (or prompt): the text is "echo: <text>".
// Usage counts whitespace-separated words (at least 1) as tokens. Errors use
// the endpoint's error shape (OpenAI {"error":{...}}, Anthropic
// {"type":"error","error":{...}}). Unknown path: 404; body not a JSON object: 400.
//
// API keys (from "Authorization: Bearer <key>" or "x-api-key: <key>"; checked
// before the model's modifiers, which then only add latency/Retry-After):
//   bad-key*      401 invalid API key (for key-rotation tests)
//   limited-key*  429 rate limited, with Retry-After: 1
//
// Modifiers, read from the request's "model" field. Each is a whole word of
// the name (bounded by non-alphanumerics) and they combine, so tests can run
// concurrently against one instance: e.g. "fake+latency-200+status-429".
//   latency-N                  answer (whatever the answer is, errors and
//                              resets included) after N ms
//   status-NNN                 answer that error status (NNN >= 400), as a
//                              plain JSON error even for "stream": true
//   retry-after-N              add "Retry-After: N" to the answer
//   reset                      close the connection without answering
//   reset-mid-stream           stream about half of the events, then cut the
//                              connection (no terminating chunk; a TCP reset
//                              for HTTP/1.0 clients)
//   stream-events-N-every-M    N text deltas, M ms apart (opening events go
//                              with the first, closing events with the last)
//   drip-N                     one "." delta every N ms until the client leaves
//   malformed-json             200 with a body that is not valid JSON
//   broken-sse                 after the first delta, an event with truncated
//                              JSON and a line that is no SSE field; the
//                              stream then ends normally
//   big-N                      a non-streamed body of exactly N bytes (the text
//                              is padded with 'x')
//   tool (anywhere in the name) the answer also calls a tool (Anthropic
//                              tool_use block / OpenAI tool_calls), named after
//                              the request's first tool or "get_weather",
//                              input {"location":"Paris","unit":"celsius"}
//   agent                      (chat and Messages) act as the mock provider's
//                              "tool" model: call the tool the last user
//                              message names, with the JSON object after its
//                              name as input; once its result is back, answer
//                              "Tool <name> returned: <result>"
//   cache                      (Messages) keep a prompt cache like Anthropic's
//                              (FakePromptCache): usage reports cache reads of
//                              what earlier requests marked with cache_control
//                              and repeat, and the writes of new marks
//   ctx-N                      (chat) a context of N tokens, like Ollama's
//                              num_ctx: a longer prompt is cut silently to
//                              the system messages and the newest messages
//                              that fit (fakeTruncatedPromptTokens), and
//                              usage reports the cut prompt's tokens
// Without "stream": true, stream-events, drip, reset-mid-stream and broken-sse
// still answer with a stream; a plain answer has 3 deltas sent at once.
class FakeUpstream {
public:
    explicit FakeUpstream(const HttpLimits &limits = {});
    ~FakeUpstream();
    FakeUpstream(const FakeUpstream &) = delete;
    FakeUpstream &operator=(const FakeUpstream &) = delete;

    bool start(QString *error = nullptr);
    void stop();
    quint16 port() const { return port_; }
    QString baseUrl() const;              // "http://127.0.0.1:<port>"
    QUrl url(const QString &path) const;  // baseUrl() + path

    // All thread-safe.
    int requestCount() const;
    QByteArray lastRequestBody() const;
    HttpHeaders lastRequestHeaders() const;
    QByteArray lastRequestPath() const;
    QList<FakeRecordedRequest> requests() const;
    // Requests per API key ("" when none was sent).
    QHash<QByteArray, int> requestsByAuthorization() const;
    // Distinct client connections that sent requests.
    int connectionCount() const;
    // Requests whose client left before the answer was complete.
    int abandonedCount() const;
    // Most requests in progress at the same time since start.
    int peakInFlight() const;
    void resetCounters();
    // Keep only the newest `kept` requests for requests() and lastRequest*()
    // (-1, the default: all). requestCount() still counts every one. A load
    // run sets it: millions of kept bodies would cost memory, and each
    // doubling of the list copies it while every request waits on the lock.
    void setRecordLimit(qsizetype kept);
    // Set before start() (e.g. FakeVertex's auth and URLs).
    void setRouteHook(FakeRouteHook hook);

    struct State;  // shared with the server thread

private:
    HttpLimits limits_;
    std::shared_ptr<State> state_;
    std::unique_ptr<HttpServer> server_;
    quint16 port_ = 0;
};

}  // namespace gatehouse
