#include "ConfigSections.h"
#include "config/ProviderKinds.h"

#include <QHash>
#include <QUrl>

namespace gatehouse {
namespace ConfigSections {

namespace {
constexpr double kMaxWeight = 1e6;
constexpr int kMaxMockDelayMs = 3600 * 1000;
// Context windows in tokens: no model works in fewer than 256, none has
// more than 16M.
constexpr int kMinContextWindow = 256;
constexpr int kMaxContextWindow = 16 * 1024 * 1024;
constexpr int kOllamaPort = 11434;

QString keyFieldName(const char *key) {
    return QString::fromLatin1(key);
}

// Requests name their target as "provider/model", so a name with '/' or
// spaces could never be addressed.
bool checkNames(ConfigReader &reader, const JsonPath &providersPath) {
    QHash<QString, int> firstLine;
    for (const JsonSourceMap::Member &m : reader.sourceMap().members(providersPath)) {
        const JsonPath path = providersPath.key(m.key);
        const QString trimmed = m.key.trimmed();
        if (trimmed.isEmpty() || trimmed != m.key || m.key.contains(QLatin1Char('/')) ||
            m.key.contains(QLatin1Char(' ')))
            return reader.fail(path, QStringLiteral("provider names are used in model ids like "
                                                    "\"openai/gpt-4o\", so they must not be "
                                                    "empty or contain '/' or spaces"));
        const QString folded = m.key.toLower();
        const int line = reader.sourceMap().locationOf(m.keyOffset).line;
        if (firstLine.contains(folded))
            return reader.fail(path, QStringLiteral("provider \"%1\" is defined twice (first on "
                                                    "line %2); merge the entries or remove one")
                                         .arg(m.key)
                                         .arg(firstLine.value(folded)));
        firstLine.insert(folded, line);
    }
    return true;
}

// A key config's "deployments" map and the key's own "aliases" (model ->
// deployment or model id, as newer Bifrost files write them), into one map.
bool readModelMaps(ConfigReader &reader, const QJsonObject &key, const JsonPath &keyPath,
                   const ConfigReader::Field &deployments, QHash<QString, QString> *out) {
    for (const ConfigReader::Field &mapField :
         {deployments, ConfigReader::field(key, keyPath, keyFieldName("aliases"))}) {
        QJsonObject map;
        if (!reader.readObject(mapField, &map)) return false;
        for (auto it = map.begin(); it != map.end(); ++it) {
            QString target;
            if (!reader.readString({it.value(), mapField.path.key(it.key())}, &target))
                return false;
            out->insert(it.key(), target);
        }
    }
    return true;
}

// Bifrost's azure_key_config {endpoint, deployments, api_version} and the
// key's "aliases" (model -> deployment, as newer Bifrost files write them).
bool readAzureKey(ConfigReader &reader, const QJsonObject &key, const JsonPath &keyPath,
                  AzureKeyConfig *out) {
    const QString configKey = keyFieldName("azure_key_config");
    QJsonObject azure;
    if (!reader.readObject(ConfigReader::field(key, keyPath, configKey), &azure)) return false;
    const JsonPath path = keyPath.key(configKey);
    auto f = [&](const char *name) { return ConfigReader::field(azure, path, keyFieldName(name)); };
    if (!reader.readString(f("endpoint"), &out->endpoint) ||
        !reader.readString(f("api_version"), &out->apiVersion))
        return false;
    return readModelMaps(reader, key, keyPath, f("deployments"), &out->deployments);
}

// Bifrost's bedrock_key_config {access_key, secret_key, session_token,
// region, arn, deployments} with Gatehouse's "profile", and the key's
// "aliases", read like Azure's.
bool readBedrockKey(ConfigReader &reader, const QJsonObject &key, const JsonPath &keyPath,
                    BedrockKeyConfig *out) {
    const QString configKey = keyFieldName("bedrock_key_config");
    QJsonObject bedrock;
    if (!reader.readObject(ConfigReader::field(key, keyPath, configKey), &bedrock)) return false;
    const JsonPath path = keyPath.key(configKey);
    auto f = [&](const char *name) {
        return ConfigReader::field(bedrock, path, keyFieldName(name));
    };
    if (!reader.readString(f("access_key"), &out->accessKey) ||
        !reader.readString(f("secret_key"), &out->secretKey) ||
        !reader.readString(f("session_token"), &out->sessionToken) ||
        !reader.readString(f("profile"), &out->profile) ||
        !reader.readString(f("region"), &out->region) || !reader.readString(f("arn"), &out->arn))
        return false;
    return readModelMaps(reader, key, keyPath, f("deployments"), &out->deployments);
}

// Bifrost's vertex_key_config {project_id, region, auth_credentials}.
bool readVertexKey(ConfigReader &reader, const QJsonObject &key, const JsonPath &keyPath,
                   VertexKeyConfig *out) {
    const QString configKey = keyFieldName("vertex_key_config");
    QJsonObject vertex;
    if (!reader.readObject(ConfigReader::field(key, keyPath, configKey), &vertex)) return false;
    const JsonPath path = keyPath.key(configKey);
    auto f = [&](const char *name) {
        return ConfigReader::field(vertex, path, keyFieldName(name));
    };
    return reader.readString(f("project_id"), &out->projectId) &&
           reader.readString(f("region"), &out->region) &&
           reader.readString(f("auth_credentials"), &out->authCredentials);
}

bool readKey(ConfigReader &reader, const ConfigReader::Field &f, int index, KeyConfig *out) {
    if (!f.value.isObject())
        return reader.fail(f.path, QStringLiteral("expected a key object like {\"value\": "
                                                  "\"env.OPENAI_API_KEY\"}, got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonObject key = f.value.toObject();
    auto field = [&](const char *name) {
        return ConfigReader::field(key, f.path, keyFieldName(name));
    };
    out->name = QStringLiteral("key-%1").arg(index + 1);
    const ConfigReader::Field value = field("value");
    // An AWS key's secret is in bedrock_key_config; its value may be left out.
    if (!value.isSet() && !key.contains(keyFieldName("bedrock_key_config")))
        return reader.fail(value.path, QStringLiteral("missing: set the API key, or "
                                                      "\"env.VAR_NAME\" to read it from an "
                                                      "environment variable"));
    if (!reader.readString(field("name"), &out->name) || !reader.readString(value, &out->value) ||
        !reader.readStringList(field("models"), &out->models) ||
        !reader.readNumber(field("weight"), 0, kMaxWeight, &out->weight) ||
        !readAzureKey(reader, key, f.path, &out->azure) ||
        !readBedrockKey(reader, key, f.path, &out->bedrock) ||
        !readVertexKey(reader, key, f.path, &out->vertex))
        return false;
    if (out->value == QLatin1String("env."))
        return reader.fail(value.path, QStringLiteral("\"env.\" names no environment variable; "
                                                      "write \"env.VAR_NAME\""));
    return true;
}

bool readKeys(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
              QList<KeyConfig> *out) {
    const ConfigReader::Field f = ConfigReader::field(provider, path, keyFieldName("keys"));
    if (f.isSet() && !f.value.isArray())
        return reader.fail(f.path, QStringLiteral("expected an array of key objects, got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonArray keys = f.value.toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        KeyConfig key;
        if (!readKey(reader, {keys.at(i), f.path.index(int(i))}, int(i), &key)) return false;
        out->append(key);
    }
    return true;
}

bool readMock(ConfigReader &reader, const QJsonObject &provider, const JsonPath &providerPath,
              MockConfig *out) {
    const JsonPath path = providerPath.key(keyFieldName("mock_config"));
    QJsonObject mock;
    if (!reader.readObject(ConfigReader::field(provider, providerPath, keyFieldName("mock_config")),
                           &mock))
        return false;
    auto f = [&](const char *key) { return ConfigReader::field(mock, path, keyFieldName(key)); };
    return reader.readString(f("response_text"), &out->responseText) &&
           reader.readInt(f("latency_ms"), 0, kMaxMockDelayMs, &out->latencyMs) &&
           reader.readInt(f("stream_chunk_delay_ms"), 0, kMaxMockDelayMs,
                          &out->streamChunkDelayMs) &&
           reader.readStringList(f("models"), &out->models);
}

// Known names fix the kind; any other name must say which protocol it
// speaks, or at least where its OpenAI-compatible server is.
bool resolveKind(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
                 ProviderConfig *out) {
    if (const auto known = ProviderKinds::kindForName(out->name)) {
        out->kind = *known;
        return true;
    }
    const QString customKey = keyFieldName("custom_provider_config");
    QJsonObject custom;
    if (!reader.readObject(ConfigReader::field(provider, path, customKey), &custom)) return false;
    const ConfigReader::Field typeField =
        ConfigReader::field(custom, path.key(customKey), keyFieldName("base_provider_type"));
    QString type;
    if (!reader.readString(typeField, &type)) return false;
    if (typeField.isSet()) {
        // Another Bifrost base type loads (the config stays valid) but is not served.
        out->kind =
            ProviderKinds::kindForBaseProviderType(type).value_or(ProviderKind::Unsupported);
        return true;
    }
    if (!out->network.baseUrl.isEmpty()) {
        out->kind = ProviderKind::OpenAI;
        return true;
    }
    // One of Bifrost's native providers Gatehouse does not speak (cohere,
    // ...): kept, so the file loads, and refused at request time.
    Q_UNUSED(path);
    out->kind = ProviderKind::Unsupported;
    return true;
}

// Azure's address is each key's azure_key_config.endpoint, or base_url.
bool checkAzureEndpoints(ConfigReader &reader, const JsonPath &path, const ProviderConfig &p) {
    if (p.kind != ProviderKind::Azure || !p.network.baseUrl.isEmpty()) return true;
    for (qsizetype i = 0; i < p.keys.size(); ++i)
        if (p.keys[i].azure.endpoint.isEmpty())
            return reader.fail(path.key(keyFieldName("keys"))
                                   .index(int(i))
                                   .key(keyFieldName("azure_key_config"))
                                   .key(keyFieldName("endpoint")),
                               QStringLiteral("missing: set the Azure OpenAI resource's "
                                              "address, e.g. \"https://my-resource.openai."
                                              "azure.com\" (or \"env.AZURE_ENDPOINT\")"));
    return true;
}

// Vertex's address is built from each key's project and region (base_url
// only replaces its host), so every key names its project.
bool checkVertexKeys(ConfigReader &reader, const JsonPath &path, const ProviderConfig &p) {
    if (p.kind != ProviderKind::Vertex) return true;
    for (qsizetype i = 0; i < p.keys.size(); ++i)
        if (p.keys[i].vertex.projectId.isEmpty())
            return reader.fail(path.key(keyFieldName("keys"))
                                   .index(int(i))
                                   .key(keyFieldName("vertex_key_config"))
                                   .key(keyFieldName("project_id")),
                               QStringLiteral("missing: set the Google Cloud project, e.g. "
                                              "\"my-project\" (or \"env.VERTEX_PROJECT_ID\")"));
    return true;
}

bool applyDefaultBaseUrl(ConfigReader &reader, const JsonPath &path, ProviderConfig *out) {
    // Bedrock's address follows the key's region (BedrockDialect).
    if (out->kind == ProviderKind::Mock || out->kind == ProviderKind::Unsupported ||
        out->kind == ProviderKind::Azure || out->kind == ProviderKind::Bedrock ||
        out->kind == ProviderKind::Vertex || !out->network.baseUrl.isEmpty())
        return checkAzureEndpoints(reader, path, *out) && checkVertexKeys(reader, path, *out);
    out->network.baseUrl = ProviderKinds::defaultBaseUrl(out->name);
    if (out->network.baseUrl.isEmpty() && !ProviderKinds::kindForName(out->name))
        out->network.baseUrl = ProviderKinds::defaultBaseUrl(ProviderKinds::kindName(out->kind));
    if (!out->network.baseUrl.isEmpty()) return true;
    return reader.fail(path.key(keyFieldName("network_config")).key(keyFieldName("base_url")),
                       QStringLiteral("\"%1\" has no default address: set "
                                      "network_config.base_url, e.g. \"http://localhost:8000\"")
                           .arg(out->name));
}

// "context_window": 32768, or {"qwen3:8b": 40960, "*": 8192}.
bool readContextWindow(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
                       ProviderConfig *out) {
    const ConfigReader::Field f =
        ConfigReader::field(provider, path, keyFieldName("context_window"));
    if (!f.isSet()) return true;
    if (f.value.isDouble())
        return reader.readInt(f, kMinContextWindow, kMaxContextWindow, &out->contextWindow);
    if (!f.value.isObject())
        return reader.fail(f.path, QStringLiteral("expected the number of tokens the server "
                                                  "keeps, e.g. 32768, or an object by model "
                                                  "like {\"qwen3:8b\": 40960, \"*\": 8192}, "
                                                  "got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonObject byModel = f.value.toObject();
    for (const QString &model : reader.keysInFileOrder(byModel, f.path)) {
        int tokens = 0;
        if (!reader.readInt({byModel.value(model), f.path.key(model)}, kMinContextWindow,
                            kMaxContextWindow, &tokens))
            return false;
        if (model == QLatin1String("*"))
            out->contextWindow = tokens;
        else
            out->contextWindows.insert(model, tokens);
    }
    return true;
}

// Ollama by name or by its port, unless "ollama" says otherwise; asked
// through its native API unless "ollama_api" is "openai".
bool readOllama(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
                ProviderConfig *out) {
    out->ollama = out->name.compare(QLatin1String("ollama"), Qt::CaseInsensitive) == 0 ||
                  QUrl(out->network.baseUrl).port() == kOllamaPort;
    if (!reader.readBool(ConfigReader::field(provider, path, keyFieldName("ollama")), &out->ollama))
        return false;
    const ConfigReader::Field api = ConfigReader::field(provider, path, keyFieldName("ollama_api"));
    bool openAI = false;
    if (api.isSet()) {
        const QString value = api.value.toString();
        if (value != QLatin1String("native") && value != QLatin1String("openai"))
            return reader.fail(api.path,
                               QStringLiteral("expected \"native\" (Ollama's /api/chat, which "
                                              "takes the context window) or \"openai\" (its "
                                              "OpenAI-compatible /v1), got %1")
                                   .arg(ConfigReader::describe(api.value)));
        openAI = value == QLatin1String("openai");
    }
    out->ollamaNative = out->ollama && !openAI;
    return true;
}

bool readProvider(ConfigReader &reader, const ConfigReader::Field &f, ProviderConfig *out) {
    if (!f.value.isObject())
        return reader.fail(f.path, QStringLiteral("expected an object with the provider's "
                                                  "settings, got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonObject provider = f.value.toObject();
    if (!readKeys(reader, provider, f.path, &out->keys) ||
        !readNetwork(reader, provider, f.path, &out->network) ||
        !readConcurrency(reader, provider, f.path, &out->concurrency) ||
        !resolveKind(reader, provider, f.path, out) || !applyDefaultBaseUrl(reader, f.path, out))
        return false;
    if (out->kind == ProviderKind::OpenAI || out->kind == ProviderKind::Azure) {
        // Azure OpenAI serves the Responses API too.
        out->responsesApi = out->kind == ProviderKind::Azure ||
                            QUrl(out->network.baseUrl).host() == QLatin1String("api.openai.com");
        if (!reader.readBool(ConfigReader::field(provider, f.path, keyFieldName("responses_api")),
                             &out->responsesApi))
            return false;
        // The silent truncation these guard against is local servers'
        // (OpenAI-compatible); Azure refuses a prompt too long instead.
        if (out->kind == ProviderKind::OpenAI &&
            (!readContextWindow(reader, provider, f.path, out) ||
             !readOllama(reader, provider, f.path, out)))
            return false;
    }
    return out->kind != ProviderKind::Mock || readMock(reader, provider, f.path, &out->mock);
}
}  // namespace

bool readProviders(ConfigReader &reader, const QJsonObject &root, QList<ProviderConfig> *out) {
    const ConfigReader::Field f = ConfigReader::field(root, {}, keyFieldName("providers"));
    QJsonObject providers;
    if (!reader.readObject(f, &providers) || !checkNames(reader, f.path)) return false;
    for (const QString &name : reader.keysInFileOrder(providers, f.path)) {
        ProviderConfig provider;
        provider.name = name;
        if (!readProvider(reader, ConfigReader::field(providers, f.path, name), &provider))
            return false;
        out->append(provider);
    }
    return true;
}

}  // namespace ConfigSections
}  // namespace gatehouse
