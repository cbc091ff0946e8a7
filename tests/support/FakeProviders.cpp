#include "FakeProviders.h"

namespace gatehouse::test {

QByteArray fakeProvidersConfig(const QString &fakeBaseUrl, const QString &openaiExtra) {
    return QStringLiteral(R"({
      "providers": {
        "mock": { "keys": [], "mock_config": { "response_text": "Fixed answer.", "latency_ms": 0,
                                               "stream_chunk_delay_ms": 1 } },
        "openai": { "keys": [ { "name": "k", "value": "sk-test", "models": ["*"] } ],
                    "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 }%2 },
        "anthropic": { "keys": [ { "name": "k", "value": "ant-test", "models": ["*"] } ],
                       "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } }
      }
    })")
        .arg(fakeBaseUrl, openaiExtra.isEmpty() ? QString() : QStringLiteral(", ") + openaiExtra)
        .toUtf8();
}

QByteArray fakeGeminiConfig(const QString &fakeBaseUrl) {
    return QStringLiteral(R"({
      "providers": {
        "mock": { "keys": [], "mock_config": { "latency_ms": 0, "stream_chunk_delay_ms": 1 } },
        "gemini": { "keys": [ { "name": "k", "value": "gm-test", "models": ["*"] } ],
                    "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } },
        "gemini-nokey": { "keys": [],
                          "custom_provider_config": { "base_provider_type": "gemini" },
                          "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } }
      }
    })")
        .arg(fakeBaseUrl)
        .toUtf8();
}

const char kFakeEntraToken[] = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmUifQ.c2lnbmVk";

QByteArray fakeAzureConfig(const QString &fakeBaseUrl) {
    return QStringLiteral(R"({
      "providers": {
        "mock": { "keys": [] },
        "azure": { "keys": [ { "name": "k", "value": "az-test", "models": ["*"], "weight": 1.0,
                               "azure_key_config": { "endpoint": "%1",
                                                     "deployments": { "gpt-4o": "dep-gpt4o" },
                                                     "api_version": "2024-10-21" } } ],
                   "network_config": { "default_request_timeout_in_seconds": 5 } },
        "azure-v1": { "custom_provider_config": { "base_provider_type": "azure" },
                      "keys": [ { "value": "az-test", "models": ["*"],
                                  "azure_key_config": { "endpoint": "%1", "api_version": "v1" } } ] },
        "azure-entra": { "custom_provider_config": { "base_provider_type": "azure" },
                         "keys": [ { "value": "%2", "models": ["*"],
                                     "azure_key_config": { "endpoint": "%1" } } ] },
        "azure-nokey": { "custom_provider_config": { "base_provider_type": "azure" },
                         "network_config": { "base_url": "%1" } }
      }
    })")
        .arg(fakeBaseUrl, QLatin1String(kFakeEntraToken))
        .toUtf8();
}

}  // namespace gatehouse::test
