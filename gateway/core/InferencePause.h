#pragma once

#include "http/GatewayError.h"

#include <QByteArray>

namespace gatehouse {

struct GatewayState;

// The "pause agents" switch (GatewayState::inferencePaused): what a paused
// gateway answers an inference request with, and how /metrics shows it.
namespace inference_pause {

// Coding agents retry a 429 after Retry-After; the message tells the person
// reading the agent's output where the pause was set and how to lift it.
GatewayError refusal();
// gatehouse_inference_paused (gauge, 0 or 1) in Prometheus text.
QByteArray prometheusText(const GatewayState &state);

}  // namespace inference_pause

}  // namespace gatehouse
