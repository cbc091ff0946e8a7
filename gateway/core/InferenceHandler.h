#pragma once

#include "ClientBody.h"
#include "RequestPhase.h"
#include "RequestPluginContext.h"
#include "TargetResolver.h"
#include "TraceRecorder.h"
#include "codecs/ClientCodec.h"
#include "config/ModelAliases.h"
#include "http/GatewayError.h"
#include "http/SseParser.h"
#include "mcp/McpToolSelection.h"
#include "providers/Provider.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QStringList>
#include <memory>
#include <optional>

namespace gatehouse {

class ChatStreamAssembler;
class McpAgentLoop;
class HttpExchange;
class PluginPipeline;
struct PassThroughBody;
class ProviderAttempt;
class WorkerContext;
struct GatewayConfig;
struct ProviderConfig;
struct RequestTrace;

// One inference request from arrival to answer: decodes the body, resolves
// "provider/model" and its fallbacks, and for each target runs the plugin
// chain's preHooks, the provider (a ProviderAttempt, unless a plugin
// short-circuited) and the postHooks, until a target succeeds; then answers
// in the client's format — relaying streamed chunks the moment they arrive.
// If the client goes away the provider call is cancelled. Lives on the
// worker thread; a phase of the plugin chain (transport interceptors, a
// target's preHooks, the postHooks) may run on a hook thread meanwhile
// (HookThreads), during which nothing on the worker touches the handler:
// the request goes on, on its worker, when the phase is back. Stream chunk
// hooks always run inline (one call per chunk, in order).
class InferenceHandler : public ProviderListener,
                         public std::enable_shared_from_this<InferenceHandler> {
public:
    InferenceHandler(WorkerContext *worker, std::shared_ptr<HttpExchange> exchange,
                     WireFormat format, Operation operation, QString endpointLabel,
                     ClientCall call = {});
    ~InferenceHandler() override;

    void run();

private:
    template <typename Work, typename Then>
    void runHooks(bool needHookThread, Work &&work, Then &&then);
    template <typename Then>
    void runPostHooks(Then &&then);
    void decodeAndStart(QJsonObject body);
    bool decode(QJsonObject body, GatewayError *error);
    McpToolSelection mcpSelection() const;
    void addMcpTools();
    bool acceptTargets(const QStringList &specs, GatewayError *error);
    bool speaksClientFormat(const ProviderConfig &provider, const QString &model) const;
    void tryTarget(int index);
    void runPreHooks();
    void afterPreHooks();
    void answerFromPostHooks();
    void callProvider(const PluginRequest &request);
    bool providerRequest(const PluginRequest &pluginRequest, const ProviderConfig &provider,
                         ProviderRequest *request);
    // The provider's reports (ProviderListener), through the ProviderAttempt.
    void onResponse(const QJsonObject &response, const QByteArray &raw) override;
    void onChunk(const QJsonObject &chunk) override;
    void onChunkText(const QJsonObject &chunk, const QByteArray &text) override;
    void onChunk(const QJsonObject &chunk, const QByteArray *text);
    void onRawEvent(const SseEvent &event) override;
    void onStreamEnd(const QJsonObject &usage = {}) override;
    void onError(const GatewayError &error) override;
    bool runAgentStep(const QJsonObject &answer);
    void answered(const QJsonObject &response, const QByteArray &raw);
    // `text`: the chunk's JSON text as the provider wrote it, or null.
    void relayChunk(const QJsonObject &chunk, const QByteArray *text = nullptr);
    void assemble(const QList<QJsonObject> &chunks);
    void closeStream();
    void failTarget(const GatewayError &error);
    void deliver(const QJsonObject &response, const QByteArray &raw, const PluginHeaders &headers);
    QByteArray answerBody(const QJsonObject &response, const QByteArray &raw) const;
    void deliverAsStream(const QJsonObject &response, const PluginHeaders &headers);
    void startStream(const QString &model, const PluginHeaders &headers);
    HttpHeaders answerHeaders(const PluginHeaders &pluginHeaders) const;
    void respondError(const GatewayError &error);
    void finish(int status, const QString &errorType);
    void release();
    void onClientGone();
    void endAttempt();

    WorkerContext *worker_;
    // The config this request started with, kept to its end (declared
    // before attempt_: provider calls point into it).
    std::shared_ptr<const GatewayConfig> config_;
    std::shared_ptr<HttpExchange> exchange_;
    const ClientCodec *codec_;  // the client's wire format
    ClientCall call_;
    Operation operation_;
    QString endpointLabel_;
    // When the request started: its id carries it (trace/LogIds.h) and its
    // log record is filed under it, the two from this one clock reading.
    qint64 startedAtMs_;
    QString requestId_;
    QJsonObject body_;  // OpenAI-shaped, without model and fallbacks
    // Set instead of body_ when the client's bytes can go on as they are.
    std::shared_ptr<const PassThroughBody> passThrough_;
    bool stream_ = false;
    QList<Target> targets_;  // primary first, then fallbacks
    int current_ = -1;
    std::optional<GatewayError> primaryError_;
    RequestPluginContext pluginContext_;
    std::unique_ptr<PluginPipeline> plugins_;
    // Where the request is (RequestPhase.h: the only place it changes).
    RequestPhase phase_;
    // What a phase of the chain works on and leaves for the code after it.
    QJsonObject hookBody_;       // transport interceptors
    PluginRequest hookRequest_;  // preHooks
    std::optional<Target> routed_;
    PreHookOutcome preOutcome_ = PreHookOutcome::CallProvider;
    std::optional<PluginResponse> postAnswer_;  // postHooks
    std::optional<PluginError> postError_;
    QJsonObject answerBefore_;
    QByteArray rawAnswer_;
    std::unique_ptr<ChatStreamAssembler> assembled_;  // streamed answer, for postHooks
    std::shared_ptr<ProviderAttempt> attempt_;
    std::unique_ptr<ClientStreamEncoder> encoder_;
    // How the current target answers, orthogonal to the phase: it got the
    // client's own format (ProviderRequest::native), so its answer and
    // stream events go to the client as they are.
    bool nativeAnswer_ = false;
    // Also orthogonal to the phase: through plugins, the client's body as
    // the interceptors left it equals what it sent, so a provider of its
    // format can still get its own bytes (client_.ownBytes()).
    bool bodyIntact_ = true;
    // The MCP tools the request asks for (x-bf-mcp-include-clients / -tools).
    McpToolSelection mcpTools_;
    // Agent mode: runs the MCP tools the model calls that may run on their
    // own (null when none may, or the request streams); agentRequest_ is
    // the provider request its rounds extend.
    std::unique_ptr<McpAgentLoop> agent_;
    PluginRequest agentRequest_;
    QJsonObject originalBody_;  // before the interceptors
    QJsonObject preHookBody_;   // before this target's preHooks
    QElapsedTimer clock_;
    // The request's record for the log store (none when logging is off).
    TraceRecorder trace_;
    // The client's body in the forms providers take (after trace_: it
    // records what a translation dropped).
    ClientBody client_;
    // A native stream read as the canonical model, for the postHooks.
    std::unique_ptr<NativeStreamReader> nativeReader_;
};

}  // namespace gatehouse
