#include "InferencePause.h"

#include "GatewayState.h"

namespace gatehouse::inference_pause {

GatewayError refusal() {
    GatewayError e;
    e.status = 429;
    e.type = openAIErrorTypeFor(429);
    e.code = QStringLiteral("gatehouse_paused");
    e.message = QStringLiteral(
        "Gatehouse is paused: agents are stopped from the panel; resume it there (or PUT "
        "/api/pause {\"paused\": false})");
    // Fallbacks would be refused the same way.
    e.allowFallbacks = false;
    // Long enough that a retrying agent does not spin, short enough that it
    // goes on soon after the pause is lifted.
    e.retryAfterSeconds = 30;
    return e;
}

QByteArray prometheusText(const GatewayState &state) {
    return QByteArrayLiteral(
               "# HELP gatehouse_inference_paused 1 while new inference requests are refused "
               "(the pause agents switch).\n"
               "# TYPE gatehouse_inference_paused gauge\n"
               "gatehouse_inference_paused ") +
           (state.inferencePaused.load() ? "1\n" : "0\n");
}

}  // namespace gatehouse::inference_pause
