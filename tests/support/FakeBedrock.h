#pragma once

#include "FakeUpstream.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <memory>

namespace gatehouse {

class HttpServer;

// A fake Amazon Bedrock runtime for integration tests (127.0.0.1, a free
// port, its own worker thread):
//   POST /model/{modelId}/converse          a Converse answer
//   POST /model/{modelId}/converse-stream   the same answer as ConverseStream
//        events in AWS's binary event stream framing
//        (application/vnd.amazon.eventstream), one write per frame
//   GET  /foundation-models                 ListFoundationModels: three
//        modelSummaries (anthropic.claude-3-haiku-20240307-v1:0,
//        amazon.titan-embed-text-v2:0, meta.llama3-8b-instruct-v1:0)
// Every request must be signed with AWS Signature Version 4 for the service
// "bedrock": the fake re-signs what it received (the request line's path,
// the signed headers, the body) with the secret it knows for the access key
// and compares signatures; a wrong secret, an unknown access key or a
// missing signature is answered 403 with Bedrock's {"message": ...} body.
// A bearer token (a Bedrock API key) in kFakeBedrockApiKey is accepted too.
// Like Bedrock it refuses (400) a conversation that does not start with a
// user turn or whose turns do not alternate, toolUse or toolResult blocks
// in a request without toolConfig, a thinking budget under 1024 or not
// below maxTokens, and reasoningText replayed without the signature the
// fake gave it.
//
//   POST /model/{modelId}/invoke            InvokeModel for the Titan and
//        Cohere embedding models (FakeEmbeddings.h), signed like the rest
// Answers echo the last user text ("echo: <text>"); usage counts words.
// Model id words (FakeUpstream's modifiers where they apply):
//   tool       (with toolConfig) call the request's first tool with
//              {"location":"Paris","unit":"celsius"}, unless the last user
//              turn carries a tool result: then answer "Tool <id> returned: <text>"
//   agent      act as the mock provider's "tool" model: call the tool the
//              last user turn names, with the JSON object after its name as
//              input; once its result is back, answer "Tool <name> returned: <text>"
//   cache      keep a prompt cache like Bedrock's (FakePromptCache): usage
//              reports cache reads of what earlier requests marked with
//              cachePoint blocks and repeat, and the writes of new ones
//   cached     usage reports 2 cache-read and 1 cache-write input tokens
//   thinking   when additionalModelRequestFields.thinking is enabled, the
//              answer starts with a signed reasoningContent block
//              ("Thinking about: <text>"; streamed as two text deltas,
//              then the signature)
//   status-NNN answer that HTTP error
//   exception  (streamed) a messageStart, then a throttlingException frame
//   badcrc     (streamed) the second frame's checksum is wrong
class FakeBedrock {
public:
    // access key id -> secret access key the fake accepts.
    explicit FakeBedrock(QHash<QString, QString> secrets);
    ~FakeBedrock();
    FakeBedrock(const FakeBedrock &) = delete;
    FakeBedrock &operator=(const FakeBedrock &) = delete;

    bool start(QString *error = nullptr);
    void stop();
    QString baseUrl() const;
    QList<FakeRecordedRequest> requests() const;  // path: the raw request-line path
    int rejectedSignatures() const;

    struct State;

private:
    std::shared_ptr<State> state_;
    std::unique_ptr<HttpServer> server_;
    quint16 port_ = 0;
};

extern const char kFakeBedrockApiKey[];

namespace test {
// The mock, and at `fakeBaseUrl` (a FakeBedrock) Bedrock providers as
// Bifrost writes them: "bedrock" (bedrock_key_config with access key
// AKIDFAKE, its secret from the environment variable GH_FAKE_AWS_SECRET,
// region us-west-2, deployments claude -> anthropic.claude-3-haiku-20240307-v1:0,
// claude-tool -> anthropic.claude-tool-v1:0, titan ->
// amazon.titan-embed-text-v2:0, titan-v1 -> amazon.titan-embed-text-v1,
// cohere -> cohere.embed-english-v3), "bedrock-session" (access key
// ASIAFAKE with a session token), "bedrock-wrong" (AKIDFAKE with a wrong
// secret), "bedrock-apikey" (kFakeBedrockApiKey as the key's value).
QByteArray fakeBedrockConfig(const QString &fakeBaseUrl);
inline constexpr char kFakeAwsSecret[] = "fake/secret+KEY0123456789abcdef";
inline constexpr char kFakeSessionToken[] = "FQoGZXIvYXdzEFAKE//session+token==";
}  // namespace test

}  // namespace gatehouse
