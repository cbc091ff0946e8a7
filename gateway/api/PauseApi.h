#pragma once

#include <QByteArray>
#include <memory>

namespace gatehouse {

class HttpExchange;
struct GatewayState;

// /api/pause: the "pause agents" switch (GatewayState::inferencePaused).
//   GET /api/pause         {"paused": bool}
//   PUT|POST /api/pause    {"paused": bool} sets it (needs the API token:
//                          it stops every coding agent); answers as GET
// While paused, new inference requests get 429 (core/InferencePause.h);
// /api, /health and /metrics keep answering. Not stored: a restarted
// gateway is not paused.
class PauseApi {
public:
    explicit PauseApi(GatewayState *state) : state_(state) {}
    static bool handles(const QByteArray &path) { return path == "/api/pause"; }
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    GatewayState *state_;
};

}  // namespace gatehouse
