#include "FakeBedrock.h"

#include "FakeBehaviour.h"
#include "FakeEmbeddings.h"
#include "FakePromptCache.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "providers/MockTool.h"
#include "providers/bedrock/EventStreamDecoder.h"
#include "providers/bedrock/SigV4.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

namespace gatehouse {

const char kFakeBedrockApiKey[] = "ABSKfakeBedrockApiKey";

struct FakeBedrock::State {
    QHash<QString, QString> secrets;
    fake::FakePromptCache promptCache;  // "cache" models
    mutable QMutex mutex;
    QList<FakeRecordedRequest> requests;
    int rejected = 0;
};

namespace {

using Exchange = std::shared_ptr<HttpExchange>;

QByteArray errorBody(const QString &message) {
    return QJsonDocument(QJsonObject{{QStringLiteral("message"), message}})
        .toJson(QJsonDocument::Compact);
}

// "AWS4-HMAC-SHA256 Credential=AK/20260102/us-west-2/bedrock/aws4_request,
//  SignedHeaders=a;b, Signature=hex" -> its three fields.
QHash<QByteArray, QByteArray> authorizationFields(const QByteArray &header) {
    QHash<QByteArray, QByteArray> fields;
    if (!header.startsWith("AWS4-HMAC-SHA256 ")) return fields;
    for (const QByteArray &part : header.mid(17).split(',')) {
        const QByteArray p = part.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq > 0) fields.insert(p.left(eq), p.mid(eq + 1));
    }
    return fields;
}

// Checks the request's signature by signing it again; empty when it holds,
// else Bedrock's message for the failure.
QString verifySignature(const FakeBedrock::State &st, const HttpRequest &req) {
    const QByteArray auth = req.headers.value("Authorization");
    if (auth == QByteArray("Bearer ") + kFakeBedrockApiKey) return {};
    const QHash<QByteArray, QByteArray> fields = authorizationFields(auth);
    const QList<QByteArray> scope = fields.value("Credential").split('/');
    if (scope.size() != 5 || scope[4] != "aws4_request")
        return QStringLiteral("Authorization header requires 'Credential' parameter.");
    const QString secret = st.secrets.value(QString::fromUtf8(scope[0]));
    if (secret.isEmpty())
        return QStringLiteral("The security token included in the request is invalid.");
    if (scope[3] != "bedrock")
        return QStringLiteral("Credential should be scoped to correct service: 'bedrock'.");
    const QDateTime time =
        QDateTime::fromString(QString::fromLatin1(req.headers.value("x-amz-date")),
                              QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!time.isValid() || !req.headers.value("x-amz-date").startsWith(scope[1]))
        return QStringLiteral("The request signature's date does not match its scope.");

    aws::SigV4Request request;
    request.method = req.method;
    const qsizetype q = req.target.indexOf('?');
    request.path = q < 0 ? req.target : req.target.left(q);
    request.query = req.query;
    request.body = req.body;
    aws::Credentials credentials{QString::fromUtf8(scope[0]), secret, QString()};
    aws::SigV4Params params{QString::fromUtf8(scope[2]), QStringLiteral("bedrock"),
                            QDateTime(time.date(), time.time(), Qt::UTC)};
    // The headers signing adds are given to the signer as parameters.
    for (const QByteArray &name : fields.value("SignedHeaders").split(';')) {
        const QByteArray value = req.headers.value(name);
        if (name == "x-amz-date") continue;
        if (name == "x-amz-security-token")
            credentials.sessionToken = QString::fromUtf8(value);
        else if (name == "x-amz-content-sha256")
            params.signBodyHeader = true;
        else
            request.headers.append({name, value});
    }
    const QByteArray expected = aws::signV4(request, credentials, params).signature;
    if (expected != fields.value("Signature"))
        return QStringLiteral(
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
    return {};
}

// Bedrock's own checks on the turns (ValidationException).
QString validateTurns(const QJsonArray &messages) {
    if (messages.isEmpty() ||
        messages.at(0).toObject().value(QLatin1String("role")).toString() != QLatin1String("user"))
        return QStringLiteral(
            "A conversation must start with a user message. Try again with a "
            "conversation that starts with a user message.");
    for (qsizetype i = 1; i < messages.size(); ++i)
        if (messages.at(i).toObject().value(QLatin1String("role")) ==
            messages.at(i - 1).toObject().value(QLatin1String("role")))
            return QStringLiteral(
                "A conversation must alternate between user and assistant "
                "roles. Make sure the conversation alternates between user and "
                "assistant roles and try again.");
    return {};
}

// Converse refuses toolUse and toolResult blocks in a request without
// toolConfig (ValidationException).
QString validateToolBlocks(const QJsonObject &request) {
    if (request.contains(QLatin1String("toolConfig"))) return {};
    for (const QJsonValue &m : request.value(QLatin1String("messages")).toArray())
        for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray())
            if (b.toObject().contains(QLatin1String("toolUse")) ||
                b.toObject().contains(QLatin1String("toolResult")))
                return QStringLiteral(
                    "The toolConfig field must be defined when using toolUse and toolResult "
                    "content blocks.");
    return {};
}

// The signature the fake gives a thinking text, and checks when it comes back.
QString thinkingSignature(const QString &thinking) {
    return QString::fromLatin1(
        QCryptographicHash::hash("fake-bedrock:" + thinking.toUtf8(), QCryptographicHash::Sha256)
            .toBase64());
}

int thinkingBudget(const QJsonObject &request) {
    const QJsonObject thinking = request.value(QLatin1String("additionalModelRequestFields"))
                                     .toObject()
                                     .value(QLatin1String("thinking"))
                                     .toObject();
    if (thinking.value(QLatin1String("type")).toString() != QLatin1String("enabled")) return 0;
    return thinking.value(QLatin1String("budget_tokens")).toInt();
}

// Claude's rules for extended thinking, as Bedrock reports them: a budget
// of at least 1024 below maxTokens, and thinking replayed with the
// signature it was given.
QString validateThinking(const QJsonObject &request) {
    const QJsonValue fields = request.value(QLatin1String("additionalModelRequestFields"));
    if (fields.toObject().contains(QLatin1String("thinking"))) {
        const int budget = thinkingBudget(request);
        const int maxTokens = request.value(QLatin1String("inferenceConfig"))
                                  .toObject()
                                  .value(QLatin1String("maxTokens"))
                                  .toInt(4096);
        if (budget < 1024)
            return QStringLiteral(
                "thinking.enabled.budget_tokens: Input should be greater than "
                "or equal to 1024");
        if (maxTokens <= budget)
            return QStringLiteral("`max_tokens` must be greater than `thinking.budget_tokens`.");
    }
    for (const QJsonValue &m : request.value(QLatin1String("messages")).toArray())
        for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray()) {
            const QJsonObject text = b.toObject()
                                         .value(QLatin1String("reasoningContent"))
                                         .toObject()
                                         .value(QLatin1String("reasoningText"))
                                         .toObject();
            if (!text.isEmpty() &&
                text.value(QLatin1String("signature")).toString() !=
                    thinkingSignature(text.value(QLatin1String("text")).toString()))
                return QStringLiteral("Invalid `signature` in `thinking` block");
        }
    return {};
}

int words(const QString &text) {
    return qMax(1, int(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size()));
}

const QJsonObject kToolInput{{QStringLiteral("location"), QStringLiteral("Paris")},
                             {QStringLiteral("unit"), QStringLiteral("celsius")}};

// What the fake says to one request.
struct Answer {
    QString thinking;  // "thinking" models asked to think: signed reasoning first
    QString text;
    bool toolUse = false;
    QString toolName;
    QJsonObject toolInput = kToolInput;
    QJsonObject usage;
};

// An "agent" model acts as the mock provider's "tool" model
// (providers/MockTool.h), so a real coding agent completes a tool round trip
// through Bedrock: the Converse request is read as the chat request it
// stands for (its tools, the last user turn's text) and the tool the prompt
// names is called with the JSON after its name.
std::optional<MockToolCall> agentCall(const QJsonObject &request, const QString &userText) {
    QJsonArray tools;
    for (const QJsonValue &t : request.value(QLatin1String("toolConfig"))
                                   .toObject()
                                   .value(QLatin1String("tools"))
                                   .toArray()) {
        const QJsonObject spec = t.toObject().value(QLatin1String("toolSpec")).toObject();
        tools.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"),
             QJsonObject{{QStringLiteral("name"), spec.value(QLatin1String("name"))},
                         {QStringLiteral("parameters"), spec.value(QLatin1String("inputSchema"))
                                                            .toObject()
                                                            .value(QLatin1String("json"))}}}});
    }
    const QJsonObject chat{{QStringLiteral("tools"), tools},
                           {QStringLiteral("messages"),
                            QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                   {QStringLiteral("content"), userText}}}}};
    return mockToolCall(chat);
}

// The name of the tool an earlier assistant turn called with `toolUseId`.
QString toolNameOf(const QJsonArray &messages, const QString &toolUseId) {
    for (const QJsonValue &m : messages)
        for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray()) {
            const QJsonObject use = b.toObject().value(QLatin1String("toolUse")).toObject();
            if (use.value(QLatin1String("toolUseId")).toString() == toolUseId)
                return use.value(QLatin1String("name")).toString();
        }
    return toolUseId;
}

Answer answerFor(const QJsonObject &request, const QByteArray &modelId,
                 fake::FakePromptCache *cache) {
    const FakeBehaviour behaviour = parseFakeBehaviour(modelId);
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    const QJsonArray last = messages.last().toObject().value(QLatin1String("content")).toArray();
    QString userText, toolResult, toolId;
    QStringList allText;  // every text block of the last turn (agent models)
    for (const QJsonValue &b : last) {
        const QJsonObject block = b.toObject();
        if (block.contains(QLatin1String("text"))) {
            userText = block.value(QLatin1String("text")).toString();
            allText << userText;
        }
        const QJsonObject result = block.value(QLatin1String("toolResult")).toObject();
        if (!result.isEmpty()) {
            toolId = result.value(QLatin1String("toolUseId")).toString();
            toolResult = result.value(QLatin1String("content"))
                             .toArray()
                             .at(0)
                             .toObject()
                             .value(QLatin1String("text"))
                             .toString();
        }
    }
    Answer a;
    const bool agent = modelId.contains("agent");
    const std::optional<MockToolCall> call =
        agent && toolId.isEmpty() ? agentCall(request, allText.join(QLatin1Char('\n')))
                                  : std::nullopt;
    if (!toolId.isEmpty()) {
        a.text = QStringLiteral("Tool %1 returned: %2")
                     .arg(agent ? toolNameOf(messages, toolId) : toolId,
                          agent ? toolResult.trimmed() : toolResult);
    } else if (call) {
        a.toolUse = true;
        a.toolName = call->name;
        a.toolInput = QJsonDocument::fromJson(call->arguments.toUtf8()).object();
    } else if (behaviour.tool && request.contains(QLatin1String("toolConfig"))) {
        a.toolUse = true;
        a.toolName = request.value(QLatin1String("toolConfig"))
                         .toObject()
                         .value(QLatin1String("tools"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QLatin1String("toolSpec"))
                         .toObject()
                         .value(QLatin1String("name"))
                         .toString();
        if (a.toolName.isEmpty()) a.toolName = QStringLiteral("get_weather");
    } else {
        a.text = QStringLiteral("echo: ") + userText;
    }
    if (modelId.contains("thinking") && thinkingBudget(request) > 0)
        a.thinking =
            QStringLiteral("Thinking about: ") + (userText.isEmpty() ? toolResult : userText);
    const int input = words(userText + QLatin1Char(' ') + toolResult);
    const int output = a.toolUse ? 5 : words(a.text);
    a.usage = {{QStringLiteral("inputTokens"), input},
               {QStringLiteral("outputTokens"), output},
               {QStringLiteral("totalTokens"), input + output}};
    if (modelId.contains("cached")) {
        a.usage[QStringLiteral("cacheReadInputTokens")] = 2;
        a.usage[QStringLiteral("cacheWriteInputTokens")] = 1;
    } else if (cache && behaviour.promptCache) {
        const fake::FakePromptCache::Usage used = cache->applyConverse(request, modelId);
        a.usage[QStringLiteral("cacheReadInputTokens")] = used.read;
        a.usage[QStringLiteral("cacheWriteInputTokens")] = used.written;
    }
    return a;
}

QByteArray converseBody(const Answer &a) {
    QJsonArray content;
    if (!a.thinking.isEmpty())
        content.append(QJsonObject{{QStringLiteral("reasoningContent"),
                                    QJsonObject{{QStringLiteral("reasoningText"),
                                                 QJsonObject{{QStringLiteral("text"), a.thinking},
                                                             {QStringLiteral("signature"),
                                                              thinkingSignature(a.thinking)}}}}}});
    if (a.toolUse)
        content.append(
            QJsonObject{{QStringLiteral("toolUse"),
                         QJsonObject{{QStringLiteral("toolUseId"), QStringLiteral("tooluse_fake1")},
                                     {QStringLiteral("name"), a.toolName},
                                     {QStringLiteral("input"), a.toolInput}}}});
    else
        content.append(QJsonObject{{QStringLiteral("text"), a.text}});
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("output"),
                    QJsonObject{{QStringLiteral("message"),
                                 QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                             {QStringLiteral("content"), content}}}}},
                   {QStringLiteral("stopReason"),
                    a.toolUse ? QStringLiteral("tool_use") : QStringLiteral("end_turn")},
                   {QStringLiteral("usage"), a.usage},
                   {QStringLiteral("metrics"), QJsonObject{{QStringLiteral("latencyMs"), 12}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray eventFrame(const QByteArray &type, const QJsonObject &payload) {
    return aws::encodeEventStreamMessage(
        {{":event-type", type}, {":content-type", "application/json"}, {":message-type", "event"}},
        QJsonDocument(payload).toJson(QJsonDocument::Compact));
}

QList<QByteArray> streamFrames(const Answer &a, const QByteArray &modelId) {
    QList<QByteArray> frames;
    frames << eventFrame("messageStart", {{QStringLiteral("role"), QStringLiteral("assistant")}});
    if (modelId.contains("exception")) {
        frames << aws::encodeEventStreamMessage(
            {{":exception-type", "throttlingException"},
             {":content-type", "application/json"},
             {":message-type", "exception"}},
            errorBody(QStringLiteral("Too many tokens, please wait before trying again.")));
        return frames;
    }
    // The reasoning block, when there is one, comes first: the answer's
    // block is the next.
    const int index = a.thinking.isEmpty() ? 0 : 1;
    if (!a.thinking.isEmpty()) {
        const auto reasoning = [](const QJsonObject &delta) {
            return QJsonObject{{QStringLiteral("contentBlockIndex"), 0},
                               {QStringLiteral("delta"),
                                QJsonObject{{QStringLiteral("reasoningContent"), delta}}}};
        };
        const qsizetype half = a.thinking.size() / 2;
        for (const QString &piece : {a.thinking.left(half), a.thinking.mid(half)})
            frames << eventFrame("contentBlockDelta", reasoning({{QStringLiteral("text"), piece}}));
        frames << eventFrame(
            "contentBlockDelta",
            reasoning({{QStringLiteral("signature"), thinkingSignature(a.thinking)}}));
        frames << eventFrame("contentBlockStop", {{QStringLiteral("contentBlockIndex"), 0}});
    }
    if (a.toolUse) {
        frames << eventFrame("contentBlockStart",
                             {{QStringLiteral("contentBlockIndex"), index},
                              {QStringLiteral("start"),
                               QJsonObject{{QStringLiteral("toolUse"),
                                            QJsonObject{{QStringLiteral("toolUseId"),
                                                         QStringLiteral("tooluse_fake1")},
                                                        {QStringLiteral("name"), a.toolName}}}}}});
        const QString input =
            QString::fromUtf8(QJsonDocument(a.toolInput).toJson(QJsonDocument::Compact));
        for (const QString &piece : {input.left(10), input.mid(10)})
            frames << eventFrame("contentBlockDelta",
                                 {{QStringLiteral("contentBlockIndex"), index},
                                  {QStringLiteral("delta"),
                                   QJsonObject{{QStringLiteral("toolUse"),
                                                QJsonObject{{QStringLiteral("input"), piece}}}}}});
    } else {
        // Three text deltas, as a model writes a short answer.
        const qsizetype third = (a.text.size() + 2) / 3;
        for (int i = 0; i < 3; ++i)
            frames << eventFrame(
                "contentBlockDelta",
                {{QStringLiteral("contentBlockIndex"), index},
                 {QStringLiteral("delta"),
                  QJsonObject{{QStringLiteral("text"), a.text.mid(i * third, third)}}}});
    }
    frames << eventFrame("contentBlockStop", {{QStringLiteral("contentBlockIndex"), index}});
    frames << eventFrame("messageStop",
                         {{QStringLiteral("stopReason"),
                           a.toolUse ? QStringLiteral("tool_use") : QStringLiteral("end_turn")}});
    frames << eventFrame(
        "metadata", {{QStringLiteral("usage"), a.usage},
                     {QStringLiteral("metrics"), QJsonObject{{QStringLiteral("latencyMs"), 12}}}});
    if (modelId.contains("badcrc")) {
        QByteArray &bad = frames[1];
        bad[bad.size() - 1] = char(bad[bad.size() - 1] ^ 0x33);
    }
    return frames;
}

void handle(const std::shared_ptr<FakeBedrock::State> &st, const Exchange &ex) {
    const HttpRequest &req = ex->request();
    {
        QMutexLocker lock(&st->mutex);
        FakeRecordedRequest r;
        r.method = req.method;
        const qsizetype q = req.target.indexOf('?');
        r.path = q < 0 ? req.target : req.target.left(q);
        r.query = req.query;
        r.headers = req.headers;
        r.body = req.body;
        r.peerPort = req.peerPort;
        st->requests.append(r);
    }
    const QString why = verifySignature(*st, req);
    if (!why.isEmpty()) {
        {
            QMutexLocker lock(&st->mutex);
            ++st->rejected;
        }
        ex->respond(403, errorBody(why));
        return;
    }
    if (req.method == "GET" && req.path == "/foundation-models") {
        // The control plane's ListFoundationModels (signed like the runtime).
        QJsonArray summaries;
        for (const char *id : {"anthropic.claude-3-haiku-20240307-v1:0",
                               "amazon.titan-embed-text-v2:0", "meta.llama3-8b-instruct-v1:0"})
            summaries.append(QJsonObject{{"modelId", id},
                                         {"modelArn", QStringLiteral("arn:aws:bedrock:us-west-2::"
                                                                     "foundation-model/") +
                                                          QLatin1String(id)}});
        ex->respond(200, QJsonDocument(QJsonObject{{"modelSummaries", summaries}})
                             .toJson(QJsonDocument::Compact));
        return;
    }
    // /model/{id}/converse[-stream], the id one encoded segment.
    const QByteArray path =
        req.target.left(req.target.indexOf('?') < 0 ? req.target.size() : req.target.indexOf('?'));
    const QList<QByteArray> segments = path.split('/');
    if (req.method != "POST" || segments.size() != 4 || segments[1] != "model" ||
        (segments[3] != "converse" && segments[3] != "converse-stream" &&
         segments[3] != "invoke")) {
        ex->respond(404, errorBody(QStringLiteral("Unknown operation")));
        return;
    }
    const QByteArray modelId = QByteArray::fromPercentEncoding(segments[2]);
    const bool stream = segments[3] == "converse-stream";
    const FakeBehaviour behaviour = parseFakeBehaviour(modelId);
    if (behaviour.status >= 400) {
        ex->respond(behaviour.status,
                    errorBody(QStringLiteral("Fake Bedrock error %1").arg(behaviour.status)));
        return;
    }
    if (segments[3] == "invoke") {  // InvokeModel: the embedding models
        const fake::FakeEmbedAnswer a = fake::bedrockInvoke(modelId, req.body);
        ex->respond(a.status, a.body);
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QString invalid = validateTurns(body.value(QLatin1String("messages")).toArray());
    if (invalid.isEmpty()) invalid = validateToolBlocks(body);
    if (invalid.isEmpty()) invalid = validateThinking(body);
    if (!invalid.isEmpty()) {
        ex->respond(400, errorBody(invalid));
        return;
    }
    const Answer answer = answerFor(body, modelId, &st->promptCache);
    if (!stream) {
        ex->respond(200, converseBody(answer));
        return;
    }
    ex->beginStream(200, "application/vnd.amazon.eventstream");
    for (const QByteArray &frame : streamFrames(answer, modelId)) ex->sendChunk(frame);
    ex->endStream();
}

}  // namespace

FakeBedrock::FakeBedrock(QHash<QString, QString> secrets) : state_(std::make_shared<State>()) {
    state_->secrets = std::move(secrets);
}

FakeBedrock::~FakeBedrock() {
    stop();
}

bool FakeBedrock::start(QString *error) {
    if (server_) return true;
    HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.workers = 1;
    auto st = state_;
    server_ = std::make_unique<HttpServer>(
        options, [st](int) -> HttpHandler { return [st](const Exchange &ex) { handle(st, ex); }; },
        [](int, const QString &message) { return errorBody(message); });
    if (!server_->start(error)) {
        server_.reset();
        return false;
    }
    port_ = server_->port();
    return true;
}

void FakeBedrock::stop() {
    if (server_) server_->stop();
    server_.reset();
}

QString FakeBedrock::baseUrl() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

QList<FakeRecordedRequest> FakeBedrock::requests() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests;
}

int FakeBedrock::rejectedSignatures() const {
    QMutexLocker lock(&state_->mutex);
    return state_->rejected;
}

namespace test {

QByteArray fakeBedrockConfig(const QString &fakeBaseUrl) {
    return QStringLiteral(R"({
      "providers": {
        "mock": { "keys": [] },
        "bedrock": { "keys": [ { "value": "", "models": ["*"], "weight": 1.0,
            "bedrock_key_config": { "access_key": "AKIDFAKE", "secret_key": "env.GH_FAKE_AWS_SECRET",
              "region": "us-west-2",
              "deployments": { "claude": "anthropic.claude-3-haiku-20240307-v1:0",
                               "claude-tool": "anthropic.claude-tool-v1:0",
                               "titan": "amazon.titan-embed-text-v2:0",
                               "titan-v1": "amazon.titan-embed-text-v1",
                               "cohere": "cohere.embed-english-v3" } } } ],
          "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } },
        "bedrock-session": { "keys": [ { "value": "", "models": ["*"],
            "bedrock_key_config": { "access_key": "ASIAFAKE", "secret_key": "%2",
              "session_token": "%3", "region": "eu-west-1" } } ],
          "custom_provider_config": { "base_provider_type": "bedrock" },
          "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } },
        "bedrock-wrong": { "keys": [ { "value": "", "models": ["*"],
            "bedrock_key_config": { "access_key": "AKIDFAKE", "secret_key": "not-the-secret" } } ],
          "custom_provider_config": { "base_provider_type": "bedrock" },
          "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } },
        "bedrock-apikey": { "keys": [ { "value": "%4", "models": ["*"] } ],
          "custom_provider_config": { "base_provider_type": "bedrock" },
          "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } }
      }
    })")
        .arg(fakeBaseUrl, QLatin1String(kFakeAwsSecret), QLatin1String(kFakeSessionToken),
             QLatin1String(kFakeBedrockApiKey))
        .toUtf8();
}

}  // namespace test

}  // namespace gatehouse
