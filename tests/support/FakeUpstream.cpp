#include "FakeUpstream.h"

#include "FakeEmbeddings.h"
#include "FakePromptCache.h"
#include "FakeResponses.h"
#include "FakeResponsesApi.h"
#include "RunAfter.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QJsonDocument>
#include <QMutex>
#include <QSet>
#include <QUrlQuery>
#include <atomic>
#include <functional>

namespace gatehouse {

struct FakeUpstream::State {
    mutable QMutex mutex;
    QList<FakeRecordedRequest> requests;  // the newest keptRecords of them
    qsizetype keptRecords = -1;           // -1: all
    int received = 0;                     // since start or resetCounters()
    QHash<QByteArray, int> byKey;
    QSet<quint16> peerPorts;
    int abandoned = 0;
    std::atomic<qint64> nextId{1};
    // Most requests the server was working on at once (answers not finished).
    std::atomic<int> peakInFlight{0};
    std::function<int()> inFlightNow;
    fake::FakePromptCache promptCache;  // Anthropic's, for Messages requests
    FakeRouteHook routeHook;
};

namespace {

using Exchange = std::shared_ptr<HttpExchange>;

QByteArray apiKey(const HttpHeaders &headers) {
    const QByteArray auth = headers.value("Authorization");
    if (auth.startsWith("Bearer ")) return auth.mid(7).trimmed();
    if (!auth.isEmpty()) return auth;
    return headers.value("x-api-key");
}

struct StreamPlan {
    QList<QList<QByteArray>> batches;
    int intervalMs = 0;
    int abortAfter = -1;  // batches sent before the connection is cut
};

void sendBatches(QObject *context, const Exchange &ex,
                 const std::shared_ptr<const StreamPlan> &plan, int index) {
    for (;;) {
        if (!ex->isClientConnected()) return;
        if (index == plan->abortAfter) {
            ex->abortStream();
            return;
        }
        if (index >= plan->batches.size()) {
            ex->endStream();
            return;
        }
        for (const QByteArray &event : plan->batches[index]) ex->sendChunk(event);
        ++index;
        if (plan->intervalMs > 0 && index < plan->batches.size()) {
            runAfter(context, plan->intervalMs,
                     [context, ex, plan, index] { sendBatches(context, ex, plan, index); });
            return;
        }
    }
}

// Everything one request needs to be answered, possibly later.
struct Job {
    FakeApi api = FakeApi::ChatCompletions;
    FakeRequest request;
    FakeBehaviour behaviour;
    QByteArray key;
    QByteArray id;
    // Set for a Responses API request, answered as chat and written back.
    std::shared_ptr<const fake::ResponsesCall> responses;
};

void answer(QObject *context, const Exchange &ex, const Job &job) {
    const FakeBehaviour &b = job.behaviour;
    HttpHeaders extra;
    if (b.retryAfterSeconds >= 0) extra.add("Retry-After", QByteArray::number(b.retryAfterSeconds));
    if (job.key.startsWith("bad-key")) {
        ex->respond(
            401,
            fakeErrorBody(
                job.api, 401,
                QStringLiteral("Incorrect API key provided: %1").arg(QString::fromUtf8(job.key))),
            "application/json", extra);
        return;
    }
    if (job.key.startsWith("limited-key")) {
        extra.set("Retry-After", "1");
        ex->respond(429, fakeErrorBody(job.api, 429, QStringLiteral("Rate limit reached")),
                    "application/json", extra);
        return;
    }
    if (b.reset) {
        ex->abortStream();  // nothing was sent: the client sees a bare close
        return;
    }
    if (b.status >= 400) {
        ex->respond(b.status,
                    fakeErrorBody(job.api, b.status,
                                  QStringLiteral("Fake upstream error %1").arg(b.status)),
                    "application/json", extra);
        return;
    }
    if (b.malformedJson) {
        ex->respond(200, fakeMalformedJsonBody(), "application/json", extra);
        return;
    }
    const bool stream = (job.request.stream || b.forceStream) && job.api != FakeApi::Embeddings;
    if (!stream) {
        QByteArray body = fakeAnswerBody(job.api, job.request, b, job.id);
        if (job.responses) body = fake::responsesAnswer(*job.responses, body);
        ex->respond(200, body, "application/json", extra);
        return;
    }
    auto plan = std::make_shared<StreamPlan>();
    plan->batches = fakeStreamBatches(job.api, job.request, b, job.id);
    if (job.responses) plan->batches = fake::responsesStream(*job.responses, plan->batches);
    plan->intervalMs = b.dripMs > 0 ? b.dripMs : b.streamIntervalMs;
    if (b.resetMidStream) plan->abortAfter = qMax(1, int(plan->batches.size()) / 2);
    ex->beginStream(200, "text/event-stream", extra);
    sendBatches(context, ex, plan, 0);
}

void handle(const std::shared_ptr<FakeUpstream::State> &st, QObject *context, const Exchange &ex) {
    const HttpRequest &original = ex->request();
    FakeRoute req{original.path, original.query, original.headers, original.body};
    Job job;
    job.key = apiKey(req.headers);
    {
        QMutexLocker lock(&st->mutex);
        ++st->received;
        if (st->keptRecords != 0) {
            st->requests.append(
                {original.method, req.path, req.headers, req.body, original.peerPort, req.query});
            // QList drops its first element without moving the rest.
            if (st->keptRecords > 0 && st->requests.size() > st->keptRecords)
                st->requests.removeFirst();
        }
        ++st->byKey[job.key];
        st->peerPorts.insert(original.peerPort);
    }
    ex->setClientGoneHandler([st] {
        QMutexLocker lock(&st->mutex);
        ++st->abandoned;
    });
    job.id = QByteArray::number(st->nextId.fetch_add(1));
    if (st->inFlightNow) {
        const int now = st->inFlightNow();
        int peak = st->peakInFlight.load();
        while (now > peak && !st->peakInFlight.compare_exchange_weak(peak, now)) {
        }
    }

    FakeHookAnswer hookAnswer;
    if (st->routeHook && st->routeHook(&req, &hookAnswer)) {
        ex->respond(hookAnswer.status, hookAnswer.body, "application/json");
        return;
    }
    if (req.path == "/v1/models") {
        if (original.method != "GET") {
            ex->respond(405, fakeErrorBody(FakeApi::ChatCompletions, 405,
                                           QStringLiteral("Use GET for /v1/models")));
            return;
        }
        if (job.key.startsWith("bad-key")) {
            ex->respond(401, fakeErrorBody(FakeApi::ChatCompletions, 401,
                                           QStringLiteral("Incorrect API key provided")));
            return;
        }
        ex->respond(200, fakeModelsBody(req.headers.contains("anthropic-version")));
        return;
    }
    if (req.path == "/v1beta/models" && original.method == "GET") {
        if (req.headers.value("x-goog-api-key").isEmpty()) {
            ex->respond(403, fakeErrorBody(FakeApi::Gemini, 403,
                                           QStringLiteral("Method doesn't allow unregistered "
                                                          "callers. Please use an API key in "
                                                          "x-goog-api-key.")));
            return;
        }
        ex->respond(200, fakeGeminiModelsBody());
        return;
    }
    QByteArray geminiModel;
    bool geminiStream = false;
    QByteArray azureDeployment;
    QByteArray path = req.path;
    if (path.startsWith("/openai/")) {
        // Azure OpenAI: the key in api-key (or an Entra ID bearer token, a
        // JWT), a deployment path with an api-version, or the v1 API.
        const QByteArray auth = req.headers.value("Authorization");
        job.key = req.headers.value("api-key");
        if (job.key.isEmpty() && auth.startsWith("Bearer eyJ")) job.key = auth.mid(7);
        if (job.key.isEmpty()) {
            ex->respond(401, fakeErrorBody(FakeApi::ChatCompletions, 401,
                                           QStringLiteral("Access denied due to invalid "
                                                          "subscription key or wrong API "
                                                          "endpoint.")));
            return;
        }
        const QByteArray version =
            QUrlQuery(QString::fromUtf8(req.query)).queryItemValue("api-version").toUtf8();
        if (path.startsWith("/openai/v1/")) {
            path = path.mid(7);  // "/v1/chat/completions": OpenAI's own paths
        } else if (path.startsWith("/openai/deployments/") && !version.isEmpty()) {
            const QByteArray rest = path.mid(20);
            const qsizetype slash = rest.indexOf('/');
            azureDeployment = QByteArray::fromPercentEncoding(rest.left(slash));
            path = "/v1" + rest.mid(slash);
        } else if (path == "/openai/responses" && !version.isEmpty()) {
            path = "/v1/responses";  // Azure's Responses API: the model in the body
        } else {
            ex->respond(404, fakeErrorBody(FakeApi::ChatCompletions, 404,
                                           QStringLiteral("Resource not found (%1, api-version "
                                                          "\"%2\")")
                                               .arg(QString::fromUtf8(req.path),
                                                    QString::fromUtf8(version))));
            return;
        }
    }
    if (req.path.startsWith("/v1beta/models/")) {
        // Google's Gemini API: the model and the method are in the path, the
        // key in x-goog-api-key and nowhere else.
        job.api = FakeApi::Gemini;
        const QByteArray rest = req.path.mid(15);
        const qsizetype colon = rest.lastIndexOf(':');
        const QByteArray method = colon < 0 ? QByteArray() : rest.mid(colon + 1);
        if (method != "generateContent" && method != "streamGenerateContent" &&
            method != "batchEmbedContents") {
            ex->respond(404,
                        fakeErrorBody(
                            job.api, 404,
                            QStringLiteral("Unknown method %1").arg(QString::fromUtf8(req.path))));
            return;
        }
        geminiModel = QByteArray::fromPercentEncoding(rest.left(colon));
        geminiStream = method == "streamGenerateContent";
        job.key = req.headers.value("x-goog-api-key");
        if (job.key.isEmpty()) {
            ex->respond(403, fakeErrorBody(job.api, 403,
                                           QStringLiteral("Method doesn't allow unregistered "
                                                          "callers. Please use an API key in "
                                                          "x-goog-api-key.")));
            return;
        }
        if (method == "batchEmbedContents") {
            const fake::FakeEmbedAnswer a = fake::geminiBatchEmbed(geminiModel, req.body);
            ex->respond(a.status, a.body, "application/json");
            return;
        }
        if (geminiStream && req.query != "alt=sse") {
            ex->respond(400, fakeErrorBody(job.api, 400,
                                           QStringLiteral("This fake streams only with ?alt=sse, "
                                                          "got query \"%1\"")
                                               .arg(QString::fromUtf8(req.query))));
            return;
        }
    } else if (path == "/v1/chat/completions") {
        job.api = FakeApi::ChatCompletions;
    } else if (path == "/v1/completions") {
        job.api = FakeApi::Completions;
    } else if (path == "/v1/embeddings") {
        job.api = FakeApi::Embeddings;
    } else if (path == "/v1/responses") {
        job.api = FakeApi::ChatCompletions;
        job.responses = std::make_shared<fake::ResponsesCall>();
    } else if (req.path == "/v1/messages") {
        job.api = FakeApi::Messages;
    } else {
        ex->respond(
            404, fakeErrorBody(FakeApi::ChatCompletions, 404,
                               QStringLiteral("Unknown path %1").arg(QString::fromUtf8(req.path))));
        return;
    }
    if (original.method != "POST") {
        ex->respond(405, fakeErrorBody(job.api, 405, QStringLiteral("Use POST")));
        return;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
    if (!doc.isObject()) {
        ex->respond(400, fakeErrorBody(job.api, 400,
                                       QStringLiteral("Request body is not a JSON object: %1")
                                           .arg(parseError.errorString())));
        return;
    }
    if (job.api == FakeApi::Gemini) {
        QJsonObject body = doc.object();
        body.insert(QStringLiteral("model"), QString::fromUtf8(geminiModel));
        job.request = readFakeRequest(job.api, body);
        job.request.model = geminiModel;
        job.request.stream = geminiStream;
    } else if (job.responses) {
        auto call = std::make_shared<fake::ResponsesCall>();
        QString why;
        if (!fake::readResponsesRequest(doc.object(), call.get(), &why)) {
            ex->respond(400, fakeErrorBody(job.api, 400, why));
            return;
        }
        job.request = readFakeRequest(job.api, call->chat);
        job.responses = std::move(call);
    } else {
        job.request = readFakeRequest(job.api, doc.object());
        if (!azureDeployment.isEmpty()) job.request.model = azureDeployment;
    }
    job.behaviour = parseFakeBehaviour(job.request.model);
    if (job.api == FakeApi::Messages && job.behaviour.promptCache) {
        const fake::FakePromptCache::Usage cache = st->promptCache.apply(doc.object());
        job.request.cacheRead = cache.read;
        job.request.cacheWrite = cache.written;
    }
    if (job.api == FakeApi::ChatCompletions && job.behaviour.contextTokens > 0)
        job.request.promptTokens =
            fakeTruncatedPromptTokens(doc.object(), job.behaviour.contextTokens);
    if (job.behaviour.latencyMs <= 0) {
        answer(context, ex, job);
        return;
    }
    runAfter(context, job.behaviour.latencyMs, [context, ex, job] {
        if (ex->isClientConnected()) answer(context, ex, job);
    });
}

}  // namespace

FakeUpstream::FakeUpstream(const HttpLimits &limits)
    : limits_(limits), state_(std::make_shared<State>()) {}

void FakeUpstream::setRouteHook(FakeRouteHook hook) {
    state_->routeHook = std::move(hook);
}

FakeUpstream::~FakeUpstream() {
    stop();
}

bool FakeUpstream::start(QString *error) {
    if (server_) return true;
    HttpServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.workers = 1;
    options.limits = limits_;
    auto st = state_;
    server_ = std::make_unique<HttpServer>(
        options,
        [st](int) -> HttpHandler {
            // Created on the worker thread, so the timers parented to it fire there;
            // the last handler copy dies there too when the server stops.
            auto context = std::make_shared<QObject>();
            return [st, context](const Exchange &ex) { handle(st, context.get(), ex); };
        },
        [](int status, const QString &message) {
            return fakeErrorBody(FakeApi::ChatCompletions, status, message);
        });
    if (!server_->start(error)) {
        server_.reset();
        return false;
    }
    port_ = server_->port();
    HttpServer *server = server_.get();
    state_->inFlightNow = [server] { return server->activeExchanges(); };
    return true;
}

void FakeUpstream::stop() {
    if (server_) server_->stop();
    state_->inFlightNow = nullptr;
    server_.reset();
}

QString FakeUpstream::baseUrl() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

QUrl FakeUpstream::url(const QString &path) const {
    return QUrl(baseUrl() + path);
}

int FakeUpstream::requestCount() const {
    QMutexLocker lock(&state_->mutex);
    return state_->received;
}

QByteArray FakeUpstream::lastRequestBody() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests.isEmpty() ? QByteArray() : state_->requests.last().body;
}

HttpHeaders FakeUpstream::lastRequestHeaders() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests.isEmpty() ? HttpHeaders() : state_->requests.last().headers;
}

QByteArray FakeUpstream::lastRequestPath() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests.isEmpty() ? QByteArray() : state_->requests.last().path;
}

QList<FakeRecordedRequest> FakeUpstream::requests() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests;
}

QHash<QByteArray, int> FakeUpstream::requestsByAuthorization() const {
    QMutexLocker lock(&state_->mutex);
    return state_->byKey;
}

int FakeUpstream::connectionCount() const {
    QMutexLocker lock(&state_->mutex);
    return int(state_->peerPorts.size());
}

int FakeUpstream::peakInFlight() const {
    return state_->peakInFlight.load();
}

int FakeUpstream::abandonedCount() const {
    QMutexLocker lock(&state_->mutex);
    return state_->abandoned;
}

void FakeUpstream::setRecordLimit(qsizetype kept) {
    QMutexLocker lock(&state_->mutex);
    state_->keptRecords = kept;
    while (kept >= 0 && state_->requests.size() > kept) state_->requests.removeFirst();
}

void FakeUpstream::resetCounters() {
    QMutexLocker lock(&state_->mutex);
    state_->requests.clear();
    state_->received = 0;
    state_->byKey.clear();
    state_->peerPorts.clear();
    state_->abandoned = 0;
}

}  // namespace gatehouse
