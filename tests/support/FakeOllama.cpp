#include "FakeOllama.h"

#include "FakeBehaviour.h"
#include "FakeResponses.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "providers/MockTool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>

namespace gatehouse {

struct FakeOllama::State {
    mutable QMutex mutex;
    QList<FakeRecordedRequest> requests;
};

namespace {

using Exchange = std::shared_ptr<HttpExchange>;

const QString kCreatedAt = QStringLiteral("2026-01-02T03:04:05.123456789Z");

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(const QString &message) {
    return compact({{QStringLiteral("error"), message}});
}

int words(const QString &text) {
    static thread_local const QRegularExpression spaces(QStringLiteral("\\s+"));
    return qMax(1, int(text.split(spaces, Qt::SkipEmptyParts).size()));
}

// What Ollama's request decoding refuses; empty when the body is fine.
QString validate(const QJsonObject &body) {
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        if (role != QLatin1String("system") && role != QLatin1String("user") &&
            role != QLatin1String("assistant") && role != QLatin1String("tool"))
            return QStringLiteral("invalid role: %1").arg(role);
        if (!m.value(QLatin1String("content")).isString() && m.contains(QLatin1String("content")))
            return QStringLiteral(
                "json: cannot unmarshal array into Go struct field "
                "Message.messages.content of type string");
        for (const QJsonValue &image : m.value(QLatin1String("images")).toArray())
            if (!image.isString() || QByteArray::fromBase64(image.toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors)
                                         .isEmpty())
                return QStringLiteral("illegal base64 data in images");
        for (const QJsonValue &call : m.value(QLatin1String("tool_calls")).toArray())
            if (!call.toObject()
                     .value(QLatin1String("function"))
                     .toObject()
                     .value(QLatin1String("arguments"))
                     .isObject())
                return QStringLiteral(
                    "json: cannot unmarshal string into Go struct field "
                    "ToolCallFunction.messages.tool_calls.function.arguments "
                    "of type api.ToolCallFunctionArguments");
    }
    const QJsonValue numCtx =
        body.value(QLatin1String("options")).toObject().value(QLatin1String("num_ctx"));
    if (!numCtx.isUndefined() && !numCtx.isDouble())
        return QStringLiteral("option \"num_ctx\" must be of type integer");
    return {};
}

struct Answer {
    QString text;
    QString thinking;
    QJsonArray toolCalls;
    QString doneReason = QStringLiteral("stop");
    int promptTokens = 1;
    int evalTokens = 1;
};

const QJsonObject kToolArguments{{QStringLiteral("location"), QStringLiteral("Paris")},
                                 {QStringLiteral("unit"), QStringLiteral("celsius")}};

Answer answerFor(const QJsonObject &body, const QByteArray &model) {
    Answer a;
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    QString userText;
    qsizetype lastAssistantCall = -1;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        if (role == QLatin1String("user")) userText = m.value(QLatin1String("content")).toString();
        if (role == QLatin1String("assistant") && m.contains(QLatin1String("tool_calls")))
            lastAssistantCall = i;
    }
    const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
    const bool toolModel = model.contains("tool") || model.contains("agent");
    if (lastAssistantCall >= 0) {
        QStringList results;
        for (qsizetype i = lastAssistantCall + 1; i < messages.size(); ++i) {
            const QJsonObject m = messages.at(i).toObject();
            if (m.value(QLatin1String("role")).toString() != QLatin1String("tool")) continue;
            results << QStringLiteral("Tool %1 returned: %2")
                           .arg(m.value(QLatin1String("tool_name")).toString(),
                                m.value(QLatin1String("content")).toString());
        }
        a.text = results.join(QLatin1Char('\n'));
    } else if (toolModel && !tools.isEmpty()) {
        QString name = tools.first()
                           .toObject()
                           .value(QLatin1String("function"))
                           .toObject()
                           .value(QLatin1String("name"))
                           .toString();
        QJsonObject arguments = kToolArguments;
        if (model.contains("agent")) {
            if (const auto call = mockToolCall(body)) {
                name = call->name;
                arguments = QJsonDocument::fromJson(call->arguments.toUtf8()).object();
            }
        }
        a.toolCalls.append(QJsonObject{
            {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("arguments"), arguments}}}});
    } else {
        a.text = QStringLiteral("echo: ") + userText;
    }
    const QJsonValue think = body.value(QLatin1String("think"));
    if (model.contains("thinking") && (think.toBool() || think.isString()))
        a.thinking = QStringLiteral("Thinking about: ") + userText;
    if (model.contains("long")) a.doneReason = QStringLiteral("length");
    // What fits the context: options.num_ctx, else the server's default.
    const FakeBehaviour behaviour = parseFakeBehaviour(model);
    const QJsonValue numCtx =
        body.value(QLatin1String("options")).toObject().value(QLatin1String("num_ctx"));
    const int context = numCtx.isDouble()             ? numCtx.toInt()
                        : behaviour.contextTokens > 0 ? behaviour.contextTokens
                                                      : FakeOllama::kDefaultContext;
    a.promptTokens = fakeTruncatedPromptTokens(body, context);
    a.evalTokens = words(a.text + QLatin1Char(' ') + a.thinking);
    return a;
}

QJsonObject line(const QByteArray &model, const QJsonObject &message, bool done) {
    return {{QStringLiteral("model"), QString::fromUtf8(model)},
            {QStringLiteral("created_at"), kCreatedAt},
            {QStringLiteral("message"), message},
            {QStringLiteral("done"), done}};
}

QJsonObject assistant(const QString &content) {
    return {{QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"), content}};
}

void finishLine(const Answer &a, QJsonObject *o) {
    o->insert(QStringLiteral("done_reason"), a.doneReason);
    o->insert(QStringLiteral("total_duration"), 123456789);
    o->insert(QStringLiteral("prompt_eval_count"), a.promptTokens);
    o->insert(QStringLiteral("eval_count"), a.evalTokens);
}

QByteArray answerBody(const Answer &a, const QByteArray &model) {
    QJsonObject message = assistant(a.text);
    if (!a.thinking.isEmpty()) message.insert(QStringLiteral("thinking"), a.thinking);
    if (!a.toolCalls.isEmpty()) message.insert(QStringLiteral("tool_calls"), a.toolCalls);
    QJsonObject o = line(model, message, true);
    finishLine(a, &o);
    return compact(o);
}

QList<QByteArray> streamLines(const Answer &a, const QByteArray &model, bool badLine,
                              bool midStream) {
    QList<QByteArray> lines;
    if (!a.thinking.isEmpty()) {
        QJsonObject message = assistant(QString());
        message.insert(QStringLiteral("thinking"), a.thinking);
        lines << compact(line(model, message, false)) + '\n';
    }
    const int third = int(a.text.size() + 2) / 3;
    for (int i = 0; i < 3 && !a.text.isEmpty(); ++i)
        lines << compact(line(model, assistant(a.text.mid(i * third, third)), false)) + '\n';
    if (!a.toolCalls.isEmpty()) {
        QJsonObject message = assistant(QString());
        message.insert(QStringLiteral("tool_calls"), a.toolCalls);
        lines << compact(line(model, message, false)) + '\n';
    }
    if (badLine) lines.insert(qMin<qsizetype>(1, lines.size()), "{\"model\": \"broken\n");
    if (midStream) {
        lines.insert(qMin<qsizetype>(1, lines.size()),
                     errorBody(QStringLiteral("an error was encountered while running the "
                                              "model: unexpected EOF")) +
                         '\n');
        lines = lines.mid(0, 2);
        return lines;
    }
    QJsonObject last = line(model, assistant(QString()), true);
    finishLine(a, &last);
    lines << compact(last) + '\n';
    return lines;
}

void record(const std::shared_ptr<FakeOllama::State> &st, const HttpRequest &req) {
    QMutexLocker lock(&st->mutex);
    FakeRecordedRequest r;
    r.method = req.method;
    r.path = req.path;
    r.query = req.query;
    r.headers = req.headers;
    r.body = req.body;
    r.peerPort = req.peerPort;
    st->requests.append(r);
}

void handle(const std::shared_ptr<FakeOllama::State> &st, const Exchange &ex) {
    const HttpRequest &req = ex->request();
    record(st, req);
    if (req.method != "POST" || req.path != "/api/chat") {
        ex->respond(404, "404 page not found", "text/plain");
        return;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &parseError);
    if (!doc.isObject()) {
        ex->respond(400, errorBody(parseError.errorString()));
        return;
    }
    const QJsonObject body = doc.object();
    const QByteArray model = body.value(QLatin1String("model")).toString().toUtf8();
    if (const QString invalid = validate(body); !invalid.isEmpty()) {
        ex->respond(400, errorBody(invalid));
        return;
    }
    const FakeBehaviour behaviour = parseFakeBehaviour(model);
    if (behaviour.status >= 400) {
        ex->respond(behaviour.status,
                    errorBody(QStringLiteral("Fake Ollama error %1").arg(behaviour.status)));
        return;
    }
    const Answer answer = answerFor(body, model);
    // Ollama streams unless told not to.
    if (!body.value(QLatin1String("stream")).toBool(true)) {
        ex->respond(200, answerBody(answer, model));
        return;
    }
    ex->beginStream(200, "application/x-ndjson");
    for (const QByteArray &l :
         streamLines(answer, model, model.contains("badline"), model.contains("midstream")))
        ex->sendChunk(l);
    ex->endStream();
}

}  // namespace

FakeOllama::FakeOllama() : state_(std::make_shared<State>()) {}

FakeOllama::~FakeOllama() {
    stop();
}

bool FakeOllama::start(QString *error) {
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

void FakeOllama::stop() {
    if (server_) server_->stop();
    server_.reset();
}

QString FakeOllama::baseUrl() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

QList<FakeRecordedRequest> FakeOllama::requests() const {
    QMutexLocker lock(&state_->mutex);
    return state_->requests;
}

}  // namespace gatehouse
