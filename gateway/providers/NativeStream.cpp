#include "NativeStream.h"

#include "trace/TokenCounts.h"
#include "translate/AnthropicShared.h"
#include "translate/GeminiTranslate.h"

#include <QJsonDocument>

namespace gatehouse {

void NativeStreamWatcher::observe(const SseEvent &event, bool *done, GatewayError *error) {
    const QJsonObject data = QJsonDocument::fromJson(event.data).object();
    if (format_ == Format::Gemini) return observeGemini(data, error);
    QByteArray type = event.event;
    if (type.isEmpty()) type = data.value(QLatin1String("type")).toString().toUtf8();
    if (format_ == Format::AnthropicMessages)
        observeAnthropic(type, data, done, error);
    else
        observeResponses(type, data, done, error);
}

void NativeStreamWatcher::observeAnthropic(const QByteArray &type, const QJsonObject &data,
                                           bool *done, GatewayError *error) {
    auto takeUsage = [this](const QJsonObject &usage) {
        for (auto it = usage.begin(); it != usage.end(); ++it)
            if (it.value().isDouble()) anthropicUsage_.insert(it.key(), it.value());
        usage_ = anthropic::detail::chatUsageFrom(anthropicUsage_);
    };
    if (type == "message_start") {
        takeUsage(data.value(QLatin1String("message"))
                      .toObject()
                      .value(QLatin1String("usage"))
                      .toObject());
    } else if (type == "message_delta") {
        takeUsage(data.value(QLatin1String("usage")).toObject());
    } else if (type == "message_stop") {
        *done = true;
    } else if (type == "error") {
        const QJsonObject e = data.value(QLatin1String("error")).toObject();
        *error = GatewayError::upstream(
            502, e.value(QLatin1String("message"))
                     .toString(QStringLiteral("Provider reported an error mid-stream")));
        error->code = QStringLiteral("upstream_error");
    }
}

void NativeStreamWatcher::observeResponses(const QByteArray &type, const QJsonObject &data,
                                           bool *done, GatewayError *error) {
    if (type == "response.completed" || type == "response.incomplete" ||
        type == "response.failed") {
        // A failed response is the format's own last event: relayed as it is.
        const QJsonObject usage = data.value(QLatin1String("response"))
                                      .toObject()
                                      .value(QLatin1String("usage"))
                                      .toObject();
        if (!usage.isEmpty()) usage_ = chatUsageOf(tokenCountsOf(usage));
        *done = true;
    } else if (type == "error") {
        *error = GatewayError::upstream(
            502, data.value(QLatin1String("message"))
                     .toString(QStringLiteral("Provider reported an error mid-stream")));
        error->code = QStringLiteral("upstream_error");
    }
}

// Gemini's stream has no last event of its own: it ends with the connection.
// Each event may carry the usage so far; an error comes as {"error": ...}.
void NativeStreamWatcher::observeGemini(const QJsonObject &data, GatewayError *error) {
    if (data.contains(QLatin1String("error"))) {
        QString message = gemini::errorMessageFrom(data);
        if (message.isEmpty()) message = QStringLiteral("Provider reported an error mid-stream");
        *error = GatewayError::upstream(502, message);
        error->code = QStringLiteral("upstream_error");
        return;
    }
    const QJsonObject usage = data.value(QLatin1String("usageMetadata")).toObject();
    if (!usage.isEmpty()) usage_ = chatUsageOf(tokenCountsOf(usage));
}

}  // namespace gatehouse
