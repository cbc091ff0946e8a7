#include "VertexProvider.h"

#include "VertexDialects.h"
#include "VertexTokenCache.h"
#include "config/GatewayConfig.h"
#include "upstream/UpstreamClient.h"

#include <QDateTime>

namespace gatehouse {

namespace {

// A call waiting for its token, then the inner call. Lives on one worker
// thread; the token cache's answer holds it only weakly.
class VertexCall : public ProviderCall {
public:
    struct State {
        std::unique_ptr<ProviderCall> inner;
        bool cancelled = false;
    };
    explicit VertexCall(std::shared_ptr<State> state) : state_(std::move(state)) {}
    ~VertexCall() override { cancel(); }
    void cancel() override {
        state_->cancelled = true;
        if (state_->inner) state_->inner->cancel();
        state_->inner.reset();
    }

private:
    std::shared_ptr<State> state_;
};

// An error reported on the next event-loop turn, like every other outcome.
std::unique_ptr<ProviderCall> failLater(QObject *context, ProviderCallbacks callbacks,
                                        const GatewayError &error) {
    auto state = std::make_shared<VertexCall::State>();
    std::weak_ptr<VertexCall::State> weak = state;
    QMetaObject::invokeMethod(
        context,
        [weak, callbacks = std::move(callbacks), error] {
            auto s = weak.lock();
            if (s && !s->cancelled) callbacks.onError(error);
        },
        Qt::QueuedConnection);
    return std::make_unique<VertexCall>(state);
}

}  // namespace

VertexProvider::VertexProvider(UpstreamClient *client)
    : client_(client),
      gemini_(client, std::make_unique<VertexGeminiDialect>()),
      anthropic_(client, std::make_unique<VertexAnthropicDialect>()) {}

VertexProvider::~VertexProvider() = default;

std::shared_ptr<VertexTokenCache> VertexProvider::cacheFor(const QString &authCredentials,
                                                           QString *error) {
    // Env references and GOOGLE_APPLICATION_CREDENTIALS are read at each
    // use, so a rotated account is picked up; parsed accounts are kept.
    QString source = authCredentials.trimmed();
    if (source.startsWith(QLatin1String("env."))) source = resolveEnvReference(source);
    if (source.isEmpty())
        source = QLatin1String("GAC:") + qEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto hit = caches_.find(source, now)) return hit;
    ServiceAccount account;
    if (!loadServiceAccount(authCredentials, &account, error)) return nullptr;
    auto cache = VertexTokenCache::forAccount(account);
    caches_.insert(source, cache, now);
    return cache;
}

std::unique_ptr<ProviderCall> VertexProvider::start(const ProviderRequest &request,
                                                    ProviderCallbacks callbacks) {
    HttpProvider *inner =
        vertexPublisher(request.model) == VertexPublisher::Anthropic ? &anthropic_ : &gemini_;
    const QString credentials = request.key ? request.key->vertex.authCredentials : QString();
    if (credentials.trimmed().isEmpty() && !request.apiKey.isEmpty())
        return inner->start(request, std::move(callbacks));  // an access token as the key

    QString why;
    auto cache = cacheFor(credentials, &why);
    if (!cache) {
        GatewayError e = GatewayError::upstream(
            401, QStringLiteral("Vertex provider '%1': %2").arg(request.config->name, why));
        e.code = QStringLiteral("vertex_auth_failed");
        return failLater(client_, std::move(callbacks), e);
    }
    auto state = std::make_shared<VertexCall::State>();
    std::weak_ptr<VertexCall::State> weak = state;
    // The request's pointers (config, key, client headers) live as long as
    // the caller's call does, which outlives this handle.
    cache->acquire(client_, client_,
                   [weak, inner, request, callbacks = std::move(callbacks)](
                       const QString &token, const GatewayError &error) mutable {
                       auto s = weak.lock();
                       if (!s || s->cancelled) return;
                       if (!token.isEmpty()) {
                           ProviderRequest withToken = request;
                           withToken.apiKey = token;
                           s->inner = inner->start(withToken, std::move(callbacks));
                           return;
                       }
                       callbacks.onError(error);
                   });
    return std::make_unique<VertexCall>(state);
}

}  // namespace gatehouse
