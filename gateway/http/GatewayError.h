#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse {

// An error the gateway answers with, in any layer (bad input, provider
// failure, plugin short-circuit). Serialized in OpenAI's error shape
// {"error":{"message","type","code"}} or, on the Anthropic endpoint, in
// Anthropic's {"type":"error","error":{"type","message"}}
// (anthropic::errorJson, translate/AnthropicTranslate.h).
struct GatewayError {
    int status = 500;
    QString type = QStringLiteral("api_error");  // OpenAI error type
    QString code;                                // machine-readable reason
    QString message;                             // what happened and what to do
    // False stops fallbacks (the request itself is at fault, or a plugin said so).
    bool allowFallbacks = true;
    int retryAfterSeconds = -1;  // from the upstream's Retry-After, if any

    static GatewayError invalidRequest(const QString &code, const QString &message);
    static GatewayError notFound(const QString &code, const QString &message);
    static GatewayError upstream(int status, const QString &message);

    QByteArray toOpenAIJson() const;
};

// OpenAI error type conventionally used for a status.
QString openAIErrorTypeFor(int status);

}  // namespace gatehouse
