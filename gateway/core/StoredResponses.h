#pragma once

#include <QByteArray>
#include <functional>
#include <memory>

namespace gatehouse {

class HttpExchange;
class WorkerContext;

// The Responses API's stored responses as endpoints see them: in the
// gateway's memory, else read from the store (asynchronously, on the store
// thread) and kept in memory for the next look.
namespace StoredResponses {

// GET (or HEAD) / DELETE /v1/responses/{id}.
void serve(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
           const QByteArray &id);

// POST /v1/responses: runs `then` once the response its body's
// previous_response_id names is in memory, if the store has it (at once
// when there is none, or it is in memory already). A store that cannot be
// read answers 503 instead.
void whenPreviousLoaded(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                        std::function<void()> then);

}  // namespace StoredResponses

}  // namespace gatehouse
