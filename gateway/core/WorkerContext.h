#pragma once

#include "GatewayState.h"
#include "providers/Provider.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>

namespace gatehouse {

class HookThreads;
class PluginChain;
class UpstreamClient;

// Everything one worker thread owns for serving requests: its upstream
// client, its provider adapters and its line of calls waiting for a free
// provider slot. Lives and dies on the worker thread.
class WorkerContext : public QObject {
    Q_OBJECT
public:
    explicit WorkerContext(std::shared_ptr<GatewayState> state, QObject *parent = nullptr);
    ~WorkerContext() override;

    GatewayState &state() { return *state_; }
    // The config now; a request takes it once and keeps it (GatewayState::config()).
    std::shared_ptr<const GatewayConfig> config() const { return state_->config(); }
    Metrics &metrics() { return state_->metrics; }
    Provider *providerFor(const ProviderConfig &config);
    // The plugin chain now (a snapshot; null when the gateway has no plugins).
    std::shared_ptr<const PluginChain> pluginChain() const;
    // Null when every hook runs inline.
    HookThreads *hookThreads() const { return state_->hookThreads.get(); }

    // A slot for one call to `provider`: `proceed` runs now or once a slot
    // frees up. Returns false (with a 429 in `error`) when the provider is
    // saturated and drop_excess_requests is on or its waiting line is full.
    // A waiter whose `alive` flag has expired is skipped.
    bool acquireSlot(const QString &provider, std::weak_ptr<void> alive,
                     std::function<void()> proceed, GatewayError *error);
    void releaseSlot(const QString &provider);

private:
    struct Waiter {
        QString provider;
        std::weak_ptr<void> alive;
        std::function<void()> proceed;
    };
    void serveWaiters();

    std::shared_ptr<GatewayState> state_;
    UpstreamClient *upstream_;
    std::unique_ptr<Provider> openAI_;
    std::unique_ptr<Provider> anthropic_;
    std::unique_ptr<Provider> gemini_;
    std::unique_ptr<Provider> azure_;
    std::unique_ptr<Provider> ollama_;  // OpenAI-kind providers that are Ollama (native API)
    std::unique_ptr<Provider> bedrock_;
    std::unique_ptr<Provider> vertex_;
    std::unique_ptr<Provider> mock_;
    std::deque<Waiter> waiters_;
    QTimer waitPoll_;  // slots freed on other workers are noticed by polling
};

}  // namespace gatehouse
