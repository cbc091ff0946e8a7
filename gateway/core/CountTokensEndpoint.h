#pragma once

#include <memory>

namespace gatehouse {

class HttpExchange;
class WorkerContext;

// POST /anthropic/v1/messages/count_tokens: for a model of an Anthropic
// provider the request goes to the provider's own count_tokens as it is
// (key rotation and retries as for messages); for any other provider the
// count is estimated from the translated request (codecs/TokenEstimate.h),
// since chat-completion providers have no such endpoint. While inference is
// paused it is refused like the other inference endpoints (InferencePause).
void countAnthropicTokens(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange);

}  // namespace gatehouse
