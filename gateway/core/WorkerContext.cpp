#include "WorkerContext.h"

#include "plugins/PluginManager.h"
#include "providers/AnthropicDialect.h"
#include "providers/AzureDialect.h"
#include "providers/GeminiDialect.h"
#include "providers/HttpProvider.h"
#include "providers/MockProvider.h"
#include "providers/OpenAIDialect.h"
#include "providers/bedrock/BedrockProvider.h"
#include "providers/ollama/OllamaDialect.h"
#include "providers/vertex/VertexProvider.h"
#include "upstream/UpstreamClient.h"

namespace gatehouse {

WorkerContext::WorkerContext(std::shared_ptr<GatewayState> state, QObject *parent)
    : QObject(parent), state_(std::move(state)), upstream_(new UpstreamClient(this)) {
    int maxConns = 1;
    for (const auto &p : state_->config()->providers)
        maxConns = qMax(maxConns, p.network.maxConnsPerHost);
    upstream_->setMaxConnectionsPerHost(maxConns);
    openAI_ = std::make_unique<HttpProvider>(upstream_, std::make_unique<OpenAIDialect>());
    anthropic_ = std::make_unique<HttpProvider>(upstream_, std::make_unique<AnthropicDialect>());
    gemini_ = std::make_unique<HttpProvider>(upstream_, std::make_unique<GeminiDialect>());
    azure_ = std::make_unique<HttpProvider>(upstream_, std::make_unique<AzureDialect>());
    ollama_ = std::make_unique<HttpProvider>(upstream_, std::make_unique<OllamaDialect>());
    bedrock_ = std::make_unique<BedrockProvider>(upstream_);
    vertex_ = std::make_unique<VertexProvider>(upstream_);
    mock_ = std::make_unique<MockProvider>();
    waitPoll_.setInterval(5);
    connect(&waitPoll_, &QTimer::timeout, this, &WorkerContext::serveWaiters);
}

WorkerContext::~WorkerContext() = default;

Provider *WorkerContext::providerFor(const ProviderConfig &config) {
    switch (config.kind) {
        case ProviderKind::OpenAI:
            return config.ollamaNative ? ollama_.get() : openAI_.get();
        case ProviderKind::Anthropic:
            return anthropic_.get();
        case ProviderKind::Gemini:
            return gemini_.get();
        case ProviderKind::Azure:
            return azure_.get();
        case ProviderKind::Bedrock:
            return bedrock_.get();
        case ProviderKind::Vertex:
            return vertex_.get();
        case ProviderKind::Mock:
            return mock_.get();
        case ProviderKind::Unsupported:
            break;  // refused before a call is made
    }
    return openAI_.get();
}

std::shared_ptr<const PluginChain> WorkerContext::pluginChain() const {
    return state_->plugins ? state_->plugins->chain() : nullptr;
}

bool WorkerContext::acquireSlot(const QString &provider, std::weak_ptr<void> alive,
                                std::function<void()> proceed, GatewayError *error) {
    auto limiter = state_->limiter(provider);
    if (!limiter || limiter->tryAcquire()) {
        proceed();
        return true;
    }
    const bool drop = config()->client.dropExcessRequests;
    if (drop || !limiter->tryQueue()) {
        *error = GatewayError::upstream(
            429, drop ? QStringLiteral("Provider '%1' is at its concurrency limit of %2 and "
                                       "drop_excess_requests is on; retry later.")
                            .arg(provider)
                            .arg(limiter->concurrency())
                      : QStringLiteral("Provider '%1' is at its concurrency limit of %2 and its "
                                       "waiting line is full; retry later.")
                            .arg(provider)
                            .arg(limiter->concurrency()));
        error->code = QStringLiteral("provider_saturated");
        return false;
    }
    waiters_.push_back({provider, std::move(alive), std::move(proceed)});
    if (!waitPoll_.isActive()) waitPoll_.start();
    return true;
}

void WorkerContext::releaseSlot(const QString &provider) {
    if (auto limiter = state_->limiter(provider)) limiter->release();
    if (!waiters_.empty()) serveWaiters();
}

void WorkerContext::serveWaiters() {
    for (auto it = waiters_.begin(); it != waiters_.end();) {
        auto limiter = state_->limiter(it->provider);
        if (it->alive.expired()) {
            limiter->leaveQueue();
            it = waiters_.erase(it);
            continue;
        }
        if (!limiter->tryAcquire()) {
            ++it;
            continue;
        }
        limiter->leaveQueue();
        auto proceed = std::move(it->proceed);
        it = waiters_.erase(it);
        proceed();
        if (waiters_.empty()) break;  // proceed may have changed the line
        it = waiters_.begin();
    }
    if (waiters_.empty()) waitPoll_.stop();
}

}  // namespace gatehouse
