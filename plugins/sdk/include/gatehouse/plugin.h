// Gatehouse plugin SDK, API version 1: the one header a plugin includes.
//
// A plugin is a Qt plugin (a shared library) with one class that derives from
// QObject and gatehouse::GatewayPlugin, declared like this:
//
//   class MyPlugin : public QObject, public gatehouse::GatewayPlugin {
//       Q_OBJECT
//       Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
//       Q_INTERFACES(gatehouse::GatewayPlugin)
//   public:
//       QString name() const override { return QStringLiteral("my-plugin"); }
//       PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override;
//   };
//
// The hooks mirror Bifrost's plugin model: init, name, transportInterceptor,
// preHook, postHook, streamChunk (per streamed chunk) and cleanup. Every hook
// but name() has a do-nothing default: override what you need.
//
// Threads: hooks run on several threads at once (the gateway's worker
// threads, or its hook threads for a plugin not yet proven fast or found
// slow; streamChunk always on the worker), so a plugin's state must be
// thread-safe. One request's hooks never run concurrently but may run on
// different threads: keep per-request state in the PluginContext. init() and
// cleanup() run once, on the gateway's main thread, never concurrently with
// hooks of the same instance.
//
// Compatibility: a plugin built against API 1 loads in every Gatehouse that
// speaks API 1. The signatures use only Qt and std types; new hooks are only
// ever added at the end of the interface, with defaults.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QtPlugin>
#include <optional>

// The IID carries the API's major version: a host refuses plugins of another.
#define GATEHOUSE_PLUGIN_API_VERSION 1
#define GATEHOUSE_PLUGIN_IID "dev.gatehouse.GatewayPlugin/1"

namespace gatehouse {

// Ordered HTTP header fields (name, value); names compare case-insensitively.
using PluginHeaders = QList<QPair<QByteArray, QByteArray>>;

// An error a hook hands back to the client (short-circuit) or that a
// postHook leaves in place. Sent in OpenAI's error shape.
struct PluginError {
    int status = 500;                            // HTTP status, e.g. 429
    QString type = QStringLiteral("api_error");  // OpenAI error type
    QString code;                                // machine-readable reason
    QString message;                             // for the client: say what to do
    bool allowFallbacks = true;                  // false: do not try fallbacks
};

// The request a preHook sees and may change. `body` is OpenAI-shaped (chat
// completions, completions or embeddings) without "model" and "fallbacks".
struct PluginRequest {
    QString endpoint;  // "/v1/chat/completions", "/v1/completions", "/v1/embeddings"
    QString provider;  // "openai", "anthropic", "mock", ...
    QString model;     // without the "provider/" prefix
    QJsonObject body;
    bool stream = false;
};

// A successful answer: OpenAI-shaped JSON (chat.completion, text_completion
// or embedding list). For streamed requests, postHook sees the whole answer
// assembled from the chunks; a short-circuit response is streamed to the
// client by the host.
struct PluginResponse {
    QJsonObject body;
    PluginHeaders headers;  // extra response headers for the client
};

// What a preHook decided.
struct PreHookResult {
    enum class Action { Continue, ShortCircuit };
    Action action = Action::Continue;
    std::optional<PluginResponse> response;  // short-circuit with an answer...
    std::optional<PluginError> error;        // ...or with an error
    QString hookError;  // non-empty: logged against the plugin; the chain goes on

    static PreHookResult proceed() { return {}; }
    static PreHookResult respond(PluginResponse r) {
        PreHookResult x;
        x.action = Action::ShortCircuit;
        x.response = std::move(r);
        return x;
    }
    static PreHookResult reject(PluginError e) {
        PreHookResult x;
        x.action = Action::ShortCircuit;
        x.error = std::move(e);
        return x;
    }
    static PreHookResult failed(QString message) {
        PreHookResult x;
        x.hookError = std::move(message);
        return x;
    }
};

// Result of the other hooks: empty, or an error to log against the plugin
// (the request goes on; hook errors never reach the client).
struct HookResult {
    QString hookError;
    static HookResult ok() { return {}; }
    static HookResult failed(QString message) { return {std::move(message)}; }
};

// What streamChunk decided for one chunk.
struct ChunkResult {
    bool drop = false;  // true: the client never sees this chunk
    QString hookError;
};

// Shared by every hook call of one request (and its fallbacks): its id, and a
// key/value store plugins use to pass things between their hooks.
class PluginContext {
public:
    virtual ~PluginContext() = default;
    virtual QString requestId() const = 0;
    virtual QVariant value(const QString &key) const = 0;
    virtual void setValue(const QString &key, const QVariant &value) = 0;
    // A header of the client's request (e.g. "x-bf-vk"), empty if absent.
    virtual QByteArray clientHeader(const QByteArray &name) const = 0;
};

enum class PluginLogLevel { Debug, Info, Warning, Error };

// The gateway, as seen from init(). Valid until cleanup() returns.
class PluginHost {
public:
    virtual ~PluginHost() = default;
    // Lines appear in the panel and /api/plugins/{name}/logs, attributed to
    // the plugin. Plain qDebug()/qInfo()/qWarning() from a hook are captured
    // the same way.
    virtual void log(PluginLogLevel level, const QString &message) = 0;
    // A directory of the plugin's own for files it keeps (created on demand).
    virtual QString dataDirectory() const = 0;
    virtual int apiVersion() const = 0;
};

class GatewayPlugin {
public:
    virtual ~GatewayPlugin() = default;

    // The plugin's unique name, as in logs and the panel. Required.
    virtual QString name() const = 0;

    // Called once after loading, with the "config" object of its config.json
    // entry. Return false and set *error to refuse to start (the message is
    // shown to the user).
    virtual bool init(const QJsonObject &config, PluginHost &host, QString *error) {
        Q_UNUSED(config);
        Q_UNUSED(host);
        Q_UNUSED(error);
        return true;
    }

    // HTTP requests only, before the gateway decodes them: change the raw
    // headers or JSON body in place (`url` is the request path).
    virtual HookResult transportInterceptor(PluginContext &ctx, const QString &url,
                                            PluginHeaders &headers, QJsonObject &body) {
        Q_UNUSED(ctx);
        Q_UNUSED(url);
        Q_UNUSED(headers);
        Q_UNUSED(body);
        return {};
    }

    // Before the provider is called (again for each fallback): change the
    // request in place, or short-circuit with a response or an error.
    virtual PreHookResult preHook(PluginContext &ctx, PluginRequest &request) {
        Q_UNUSED(ctx);
        Q_UNUSED(request);
        return {};
    }

    // After the provider answered (or a later plugin short-circuited); runs in
    // reverse order, only for plugins whose preHook ran. Exactly one of
    // `response` and `error` is set on entry; a hook may swap them (turn an
    // error into a success or the reverse).
    virtual HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                                std::optional<PluginError> &error) {
        Q_UNUSED(ctx);
        Q_UNUSED(response);
        Q_UNUSED(error);
        return {};
    }

    // Each streamed chunk (OpenAI chat.completion.chunk JSON), in order, before
    // the client sees it: change it in place or drop it.
    virtual ChunkResult streamChunk(PluginContext &ctx, QJsonObject &chunk) {
        Q_UNUSED(ctx);
        Q_UNUSED(chunk);
        return {};
    }

    // Before unloading (shutdown, disable, reload): release what init() took.
    virtual void cleanup() {}
};

}  // namespace gatehouse

Q_DECLARE_INTERFACE(gatehouse::GatewayPlugin, GATEHOUSE_PLUGIN_IID)
