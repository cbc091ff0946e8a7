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

}  // namespace gatehouse::test
