#include "StoredResponses.h"

#include "WorkerContext.h"
#include "http/GatewayError.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "store/ResponseStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>

namespace gatehouse::StoredResponses {

namespace {

void respondError(const std::shared_ptr<HttpExchange> &exchange, const GatewayError &e,
                  const HttpHeaders &headers = {}) {
    exchange->respond(e.status, e.toOpenAIJson(), "application/json", headers);
}

GatewayError storeUnavailable(const QString &why) {
    GatewayError e;
    e.status = 503;
    e.type = openAIErrorTypeFor(503);
    e.code = QStringLiteral("store_unavailable");
    e.message = QStringLiteral("The stored responses cannot be read: %1").arg(why);
    return e;
}

void notFound(const std::shared_ptr<HttpExchange> &exchange, const QString &id) {
    respondError(exchange, GatewayError::notFound(
                               QStringLiteral("response_not_found"),
                               QStringLiteral("No stored response with id '%1'. %2.")
                                   .arg(id.left(200), responses::ResponseMemory::keptHow())));
}

void deleted(const std::shared_ptr<HttpExchange> &exchange, const QString &id) {
    exchange->respond(
        200,
        toCompactJson(QJsonObject{{QStringLiteral("id"), id},
                                  {QStringLiteral("object"), QStringLiteral("response")},
                                  {QStringLiteral("deleted"), true}}),
        "application/json");
}

}  // namespace

void serve(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
           const QByteArray &idBytes) {
    const QString id = QString::fromUtf8(idBytes);
    const QByteArray &method = exchange->request().method;
    const bool get = method == "GET" || method == "HEAD";
    if (!get && method != "DELETE") {
        GatewayError e = GatewayError::invalidRequest(
            QStringLiteral("method_not_allowed"),
            QStringLiteral("Use GET or DELETE on /v1/responses/{id}."));
        e.status = 405;
        HttpHeaders headers;
        headers.add("Allow", "GET, DELETE");
        return respondError(exchange, e, headers);
    }
    GatewayState &state = worker->state();
    auto memory = state.responses;
    const std::shared_ptr<ResponseStore> store = state.responseStore;
    QByteArray response;
    if (get) {
        if (memory->response(id, &response))
            return exchange->respond(200, response, "application/json");
        if (!store) return notFound(exchange, id);
        return store->fetch(worker, id, [exchange, memory, id](const ResponseStore::Found &f) {
            if (!f.ok) return respondError(exchange, storeUnavailable(f.error));
            if (!f.found) return notFound(exchange, id);
            memory->adopt(id, f.conversation, f.response);
            exchange->respond(200, f.response, "application/json");
        });
    }
    const bool inMemory = memory->remove(id);
    if (!store) return inMemory ? deleted(exchange, id) : notFound(exchange, id);
    store->remove(worker, id,
                  [exchange, id, inMemory](bool ok, bool removed, const QString &error) {
                      if (!ok) return respondError(exchange, storeUnavailable(error));
                      if (removed || inMemory) return deleted(exchange, id);
                      notFound(exchange, id);
                  });
}

void whenPreviousLoaded(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                        std::function<void()> then) {
    GatewayState &state = worker->state();
    const std::shared_ptr<ResponseStore> store = state.responseStore;
    const QByteArray &body = exchange->request().body;
    // Only follow-ups pay for a look at the body. glibc's memmem, not
    // QByteArray::contains: Qt 6.4 hashes the body byte by byte (~15
    // instructions a byte, every Responses request; callgrind).
    static constexpr char kKey[] = "previous_response_id";
    if (!store || !memmem(body.constData(), size_t(body.size()), kKey, sizeof kKey - 1))
        return then();
    const QString id = QJsonDocument::fromJson(body)
                           .object()
                           .value(QLatin1String("previous_response_id"))
                           .toString();
    auto memory = state.responses;
    if (id.isEmpty() || memory->contains(id)) return then();
    store->fetch(worker, id,
                 [exchange, memory, id, then = std::move(then)](const ResponseStore::Found &f) {
                     if (!f.ok) return respondError(exchange, storeUnavailable(f.error));
                     if (f.found) memory->adopt(id, f.conversation, f.response);
                     then();  // not found: the codec says so in the Responses API's terms
                 });
}

}  // namespace gatehouse::StoredResponses
