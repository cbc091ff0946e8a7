#pragma once

#include "FakeUpstream.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>

namespace gatehouse {

class HttpServer;

// A fake Ollama server's native chat API for integration tests (127.0.0.1,
// a free port, its own worker thread):
//   POST /api/chat   {model, message:{role, content, thinking?, tool_calls?},
//                    done:true, done_reason, prompt_eval_count, eval_count};
//                    with "stream": true (Ollama's default) the same as
//                    newline-delimited JSON (application/x-ndjson): the text
//                    in three lines, a line with the tool calls, and a last
//                    line with done:true, done_reason and the counts
// Anything else: 404 {"error": "404 page not found"}, as Ollama answers.
// Like Ollama it refuses (400, {"error": ...}) a body that is not JSON, a
// message of an unknown role, tool-call arguments that are not an object,
// images that are not base64 strings, and a num_ctx that is not a number.
// Like Ollama it keeps only what fits its context: options.num_ctx, else
// the server's default (4096, or N for a model named with ctx-N, as with
// OLLAMA_CONTEXT_LENGTH): a longer prompt is cut silently to the system
// messages and the newest messages that fit, and prompt_eval_count counts
// what was kept (fakeTruncatedPromptTokens). Tokens are words.
// Answers echo the last user text ("echo: <text>"). Model name words
// (FakeUpstream's modifiers where they apply):
//   tool       (with tools) call the request's first tool with
//              {"location":"Paris","unit":"celsius"}
//   agent      (with tools) act as the mock provider's "tool" model: call the
//              tool the last user message names, with the JSON object after
//              its name as arguments
//   after a tool call, either answers "Tool <tool_name> returned: <content>"
//              for each tool message that follows it (tool_name as the
//              request gave it)
//   thinking   with "think" set, the answer's message has thinking
//              "Thinking about: <text>" (streamed before the text)
//   long       done_reason "length"
//   status-NNN answer that HTTP status with {"error": "Fake Ollama error NNN"}
//   badline    (streamed) after the first line, a line that is no JSON
//   midstream  (streamed) after the first line, {"error": "..."} and the end
class FakeOllama {
public:
    FakeOllama();
    ~FakeOllama();
    FakeOllama(const FakeOllama &) = delete;
    FakeOllama &operator=(const FakeOllama &) = delete;

    bool start(QString *error = nullptr);
    void stop();
    QString baseUrl() const;                      // "http://127.0.0.1:<port>"
    QList<FakeRecordedRequest> requests() const;  // thread-safe

    static constexpr int kDefaultContext = 4096;

    struct State;

private:
    std::shared_ptr<State> state_;
    std::unique_ptr<HttpServer> server_;
    quint16 port_ = 0;
};

}  // namespace gatehouse
