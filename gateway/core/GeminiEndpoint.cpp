#include "GeminiEndpoint.h"

#include "InferenceHandler.h"
#include "JsonBody.h"
#include "WorkerContext.h"
#include "catalog/ModelCatalog.h"
#include "codecs/TokenEstimate.h"
#include "codecs/gemini/GeminiCodec.h"
#include "codecs/gemini/GeminiShared.h"
#include "config/GatewayConfig.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace gatehouse {

namespace {

void respondError(const std::shared_ptr<HttpExchange> &exchange, const GatewayError &error) {
    exchange->respond(error.status, geminiErrorJson(error), "application/json");
}

QJsonObject modelInfo(const QString &name) {
    return {{QStringLiteral("name"), QStringLiteral("models/") + name},
            {QStringLiteral("displayName"), name},
            {QStringLiteral("supportedGenerationMethods"),
             QJsonArray{QStringLiteral("generateContent"), QStringLiteral("streamGenerateContent"),
                        QStringLiteral("countTokens")}}};
}

void listModels(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange) {
    QJsonArray models;
    for (const auto &provider : worker->config()->providers)
        for (const auto &model : offeredModels(worker->state().models, provider))
            models.append(modelInfo(provider.name + QLatin1Char('/') + model));
    exchange->respond(200, toCompactJson(QJsonObject{{QStringLiteral("models"), models}}),
                      "application/json");
}

// countTokens: {"contents":[...]} or {"generateContentRequest":{...}}.
void countTokens(const std::shared_ptr<HttpExchange> &exchange, const QString &model) {
    QJsonObject body;
    GatewayError error;
    if (!parseJsonObjectBody(exchange->request().body, &body, &error))
        return respondError(exchange, error);
    const QJsonValue inner =
        gemini::field(body, "generateContentRequest", "generate_content_request");
    if (inner.isObject()) body = inner.toObject();
    QJsonObject chat;
    QStringList dropped;
    QString why;
    if (!gemini::requestToChat(body, model, false, &chat, &dropped, &why))
        return respondError(exchange,
                            GatewayError::invalidRequest(QStringLiteral("invalid_request"), why));
    exchange->respond(
        200, toCompactJson(QJsonObject{{QStringLiteral("totalTokens"), estimateInputTokens(chat)}}),
        "application/json");
}

}  // namespace

bool routeGemini(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                 const QByteArray &path) {
    if (!path.startsWith("/genai/")) return false;
    const HttpRequest &request = exchange->request();
    QByteArray rest = path.mid(6);  // "/v1beta/models/..."
    for (const char *version : {"/v1beta", "/v1alpha", "/v1"}) {
        if (rest.startsWith(version)) {
            rest = rest.mid(qstrlen(version));
            break;
        }
    }
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (rest == "/models") {
        if (!get) return false;
        listModels(worker, exchange);
        return true;
    }
    // Google's SDKs put "models/" before a plain name; the AI SDK sends a
    // name with a slash ("mock/echo") as a path of its own, without it.
    if (rest.startsWith("/models/"))
        rest = rest.mid(8);
    else if (rest.indexOf(':') > 0 && !get)
        rest = rest.mid(1);
    else
        return false;
    const qsizetype colon = rest.lastIndexOf(':');
    if (colon < 0) {
        if (!get) return false;
        exchange->respond(200, toCompactJson(modelInfo(QString::fromUtf8(rest))),
                          "application/json");
        return true;
    }
    if (request.method != "POST") return false;
    const QString model = QString::fromUtf8(rest.left(colon));
    const QByteArray method = rest.mid(colon + 1);
    if (method == "countTokens") {
        countTokens(exchange, model);
        return true;
    }
    if (method != "generateContent" && method != "streamGenerateContent") return false;
    ClientCall call;
    call.pathModel = model;
    call.pathStreams = method == "streamGenerateContent";
    call.sse = QUrlQuery(QString::fromUtf8(request.query)).queryItemValue(QStringLiteral("alt")) ==
               QLatin1String("sse");
    auto handler = std::make_shared<InferenceHandler>(
        worker, exchange, WireFormat::Gemini, Operation::ChatCompletion,
        QStringLiteral("/genai/") + QString::fromLatin1(method), std::move(call));
    handler->run();
    return true;
}

}  // namespace gatehouse
