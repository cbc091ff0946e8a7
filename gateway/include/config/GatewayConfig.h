#pragma once

#include "config/ModelAliases.h"

#include "config/McpConfig.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace gatehouse {

// The gateway's configuration as read from config.json (Bifrost's shape).
// Plain values, copied freely; built once by ConfigLoader, then read-only and
// safe to share between threads.

// Gemini: Google's Gemini API (AI Studio). Azure: Azure OpenAI deployments
// (OpenAI's API at a per-key endpoint, with an api-version). Bedrock: Amazon
// Bedrock's Converse API, signed with AWS Signature Version 4. Vertex: Gemini and
// Anthropic models on Google Vertex AI, with a service account. Unsupported: a
// provider of Bifrost's that Gatehouse does not speak (cohere, ...). It loads, so a
// Bifrost config loads unchanged, and requests to it are answered with an error that says so.
enum class ProviderKind { OpenAI, Anthropic, Gemini, Azure, Bedrock, Vertex, Mock, Unsupported };

// A key's Azure OpenAI settings (Bifrost's "azure_key_config").
struct AzureKeyConfig {
    QString endpoint;    // "https://{resource}.openai.azure.com"; may be "env.VAR"
    QString apiVersion;  // may be "env.VAR"; "v1" or "preview": the /openai/v1/ API
    QHash<QString, QString> deployments;  // model -> deployment (and the key's "aliases")
};

// A key's AWS settings (Bifrost's "bedrock_key_config"). Every value may be
// "env.VAR". Without an access key, the key's profile, then the AWS_*
// environment variables and then ~/.aws/credentials are used
// (providers/bedrock/BedrockCredentials.h).
struct BedrockKeyConfig {
    QString accessKey;
    QString secretKey;
    QString sessionToken;
    QString profile;  // a profile of ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE)
    QString region;   // default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
    QString arn;      // an inference profile ARN prefix: the model id is arn + "/" + deployment
    QHash<QString, QString> deployments;  // model alias -> model id or inference profile
};

// A key's Vertex AI settings (Bifrost's "vertex_key_config").
struct VertexKeyConfig {
    QString projectId;        // may be "env.VAR"
    QString region;           // may be "env.VAR"; "global" is the global endpoint
    QString authCredentials;  // service-account JSON text, a file path, or "env.VAR"
};

// "env.VAR" read from the environment at each use; anything else as it is.
QString resolveEnvReference(const QString &value);

struct KeyConfig {
    QString name;
    QString value;       // as written; may be "env.VAR"
    QStringList models;  // empty or containing "*" = every model
    double weight = 1.0;
    AzureKeyConfig azure;      // only meaningful for ProviderKind::Azure
    BedrockKeyConfig bedrock;  // only meaningful for ProviderKind::Bedrock
    VertexKeyConfig vertex;    // only meaningful for ProviderKind::Vertex

    bool isEnvReference() const;
    QString envVariable() const;
    // Read at call time, not load time, so a key exported after start-up (or
    // rotated) is picked up without reloading the config. Empty if unset.
    QString resolve() const;
    bool allowsModel(const QString &model) const;
};

struct NetworkConfig {
    QString baseUrl;                              // without a trailing '/'
    QList<QPair<QString, QString>> extraHeaders;  // in file order
    int requestTimeoutMs = 30000;                 // default_request_timeout_in_seconds
    int maxRetries = 0;
    int retryBackoffInitialMs = 500;
    int retryBackoffMaxMs = 5000;
    int maxConnsPerHost = 5000;
    int streamIdleTimeoutMs = 60000;  // stream_idle_timeout_in_seconds
};

struct ConcurrencyConfig {
    int concurrency = 5000;
    int bufferSize = 5000;
};

struct MockConfig {
    QString responseText;
    int latencyMs = 0;
    int streamChunkDelayMs = 20;
    QStringList models = {QStringLiteral("echo"), QStringLiteral("fixed"), QStringLiteral("tool")};
};

struct ProviderConfig {
    QString name;
    ProviderKind kind = ProviderKind::OpenAI;
    QList<KeyConfig> keys;
    NetworkConfig network;
    ConcurrencyConfig concurrency;
    MockConfig mock;  // only meaningful for ProviderKind::Mock
    // An OpenAI-compatible provider that serves /v1/responses itself: a
    // Responses API request goes to it as it is instead of as a chat
    // completion. "responses_api" in config.json; by default true only for
    // api.openai.com (Ollama, vLLM and most local servers speak chat).
    bool responsesApi = false;
    // How many prompt tokens the server keeps ("context_window": a number
    // for every model, or an object by model name with "*" for the rest);
    // 0 when not configured. Local servers (Ollama above all) silently drop
    // the oldest messages of a longer prompt; the log writer marks a
    // request whose prompt reached this (trace/ContextGuard.h).
    int contextWindow = 0;
    QHash<QString, int> contextWindows;  // by model; "*" is contextWindow
    // The server is Ollama ("ollama" in config.json; by default true for a
    // provider named ollama or a base_url on Ollama's port 11434). Without
    // a configured context window, Ollama's default (kOllamaDefaultContext)
    // is assumed.
    bool ollama = false;
    static constexpr int kOllamaDefaultContext = 4096;
    // An Ollama server is asked through its native /api/chat (which, unlike
    // its OpenAI-compatible /v1, takes options.num_ctx: the configured
    // context window reaches the server). "ollama_api": "openai" keeps chat
    // on /v1/chat/completions instead.
    bool ollamaNative = false;

    // The context window of `model` (its own entry, else "*", else
    // Ollama's default for an Ollama server), 0 when unknown; `assumed`:
    // it is Ollama's default, not configured.
    int contextWindowFor(const QString &model, bool *assumed = nullptr) const;
    // The context window config.json gives `model` (its own entry, else
    // "*"), 0 when none: what goes to Ollama as options.num_ctx.
    int configuredContextWindow(const QString &model) const;

    // Models named by the keys (without "*"), in first-seen order; the mock's
    // own list for a mock provider.
    QStringList models() const;
};

struct ClientConfig {
    bool dropExcessRequests = false;
    qint64 maxRequestBodyBytes = 100 * 1024 * 1024;  // max_request_body_size_mb
    bool enableLogging = true;
    int logRetentionDays = 30;
    bool disableContentLogging = false;  // keep no request/response bodies in the log
    int logMaxSizeMb = 0;                // 0: no cap (SQLite store only)
    QStringList allowedOrigins;
    // Host names besides localhost, IP addresses and this machine's name
    // that requests may be addressed to (allowed_hosts; "*.example.com").
    QStringList allowedHosts;
    int headerTimeoutMs = 30000;  // header_timeout_seconds
    int idleTimeoutMs = 60000;    // idle_timeout_seconds
    int shutdownGraceMs = 30000;  // shutdown_timeout_seconds
    // At most this many threads run plugin hooks that may block
    // (plugin_hook_threads; read at start). See HookThreads.
    int pluginHookThreads = 64;
    // Who may use the gateway without the API token (local_trust; read at
    // start). Owner: only connections the kernel says come from the user
    // running the gateway (and root, unless local_trust_root is false);
    // every other connection needs the token, or a virtual key for
    // inference. Any: whoever reaches the port.
    enum class LocalTrust { Owner, Any };
    LocalTrust localTrust = LocalTrust::Owner;
    // Root can read the owner's token file anyway, so refusing it protects
    // nothing; false for a root-run relay that forwards other users' calls.
    bool localTrustRoot = true;
    // Model names clients send mapped to the provider/model that serves them
    // (model_aliases; see ModelAliases.h).
    QList<ModelAlias> modelAliases;
};

struct PluginEntry {
    bool enabled = true;
    QString name;
    // Absolute: a relative path in the file is resolved against the config
    // file's directory. Empty when the file names the plugin alone: a
    // bundled plugin (or one of Bifrost's built-ins), which the plugin host
    // looks up by name in its system plugin directories.
    QString path;
    int version = 1;
    QJsonObject config;
    // Optional pin ("sha256", 64 lower-case hex digits): the file must have
    // this SHA-256 or the plugin host refuses to load it.
    QString sha256;
};

struct GatewayConfig {
    ClientConfig client;
    QList<ProviderConfig> providers;  // in file order
    QList<PluginEntry> plugins;
    // The whole file as loaded. Unknown keys stay here (never an error), so
    // a Bifrost config loads unchanged and nothing is lost when written back.
    QJsonObject document;
    QString sourcePath;  // absolute; empty for the built-in default
    // Where settings and logs are kept: an SQLite path or a postgres:// URL
    // ("store" in the file; --store overrides). Empty: the default SQLite file.
    QString store;
    // "pricing": the user's model prices, over the built-in catalogue
    // (PriceCatalog::withOverrides; checked when the file is loaded).
    QJsonArray pricing;
    // "mcp": the MCP servers whose tools the gateway offers (gateway/mcp).
    McpConfig mcp;

    // Provider names are matched case-insensitively ("OpenAI" is "openai").
    const ProviderConfig *provider(const QString &name) const;
    QStringList providerNames() const;
};

}  // namespace gatehouse
