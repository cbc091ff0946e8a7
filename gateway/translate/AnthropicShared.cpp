#include "AnthropicShared.h"
#include "json/JsonWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>
#include <cmath>

namespace gatehouse::anthropic::detail {

bool fail(QString *error, const QString &path, const QString &what) {
    if (error) *error = path + QStringLiteral(": ") + what;
    return false;
}

QString at(const QString &path, qsizetype index) {
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString field(const QString &path, const char *name) {
    return path + QLatin1Char('.') + QLatin1String(name);
}

bool requireString(const QJsonObject &object, const QString &path, const char *name, QString *value,
                   QString *error) {
    const QJsonValue v = object.value(QLatin1String(name));
    if (!v.isString()) return fail(error, field(path, name), QStringLiteral("expected a string"));
    *value = v.toString();
    return true;
}

bool present(const QJsonObject &object, const QString &key) {
    const auto it = object.constFind(key);
    return it != object.constEnd() && !it->isNull() && !it->isUndefined();
}

bool isInteger(const QJsonValue &value, qint64 minimum) {
    if (!value.isDouble()) return false;
    const double d = value.toDouble();
    return std::isfinite(d) && std::floor(d) == d && d >= double(minimum);
}

QString finishReasonFor(const QString &stopReason) {
    if (stopReason == QLatin1String("max_tokens") ||
        stopReason == QLatin1String("model_context_window_exceeded"))
        return QStringLiteral("length");
    if (stopReason == QLatin1String("tool_use")) return QStringLiteral("tool_calls");
    if (stopReason == QLatin1String("refusal")) return QStringLiteral("content_filter");
    // end_turn, stop_sequence, pause_turn and anything newer: the turn ended normally.
    return QStringLiteral("stop");
}

QString stopReasonFor(const QString &finishReason) {
    if (finishReason == QLatin1String("length")) return QStringLiteral("max_tokens");
    if (finishReason == QLatin1String("tool_calls") ||
        finishReason == QLatin1String("function_call"))
        return QStringLiteral("tool_use");
    // Anthropic's nearest equivalent: the model (or a filter) declined to continue.
    if (finishReason == QLatin1String("content_filter")) return QStringLiteral("refusal");
    return QStringLiteral("end_turn");
}

QJsonObject chatUsageFrom(const QJsonObject &messagesUsage) {
    const qint64 cacheRead =
        messagesUsage.value(QLatin1String("cache_read_input_tokens")).toInteger();
    const qint64 prompt =
        messagesUsage.value(QLatin1String("input_tokens")).toInteger() + cacheRead +
        messagesUsage.value(QLatin1String("cache_creation_input_tokens")).toInteger();
    const qint64 completion = messagesUsage.value(QLatin1String("output_tokens")).toInteger();
    QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt},
                      {QStringLiteral("completion_tokens"), completion},
                      {QStringLiteral("total_tokens"), prompt + completion}};
    if (cacheRead > 0)
        usage[QStringLiteral("prompt_tokens_details")] =
            QJsonObject{{QStringLiteral("cached_tokens"), cacheRead}};
    // Chat has no field for cache writes (priced above plain input): the
    // name Anthropic and LiteLLM use, so cost and the log keep them.
    const qint64 cacheWrite =
        messagesUsage.value(QLatin1String("cache_creation_input_tokens")).toInteger();
    if (cacheWrite > 0) usage[QStringLiteral("cache_creation_input_tokens")] = cacheWrite;
    return usage;
}

QJsonObject messagesUsageFrom(const QJsonObject &chatUsage) {
    const qint64 cached = chatUsage.value(QLatin1String("prompt_tokens_details"))
                              .toObject()
                              .value(QLatin1String("cached_tokens"))
                              .toInteger();
    const qint64 prompt = chatUsage.value(QLatin1String("prompt_tokens")).toInteger();
    QJsonObject usage{{QStringLiteral("input_tokens"), qMax<qint64>(0, prompt - cached)},
                      {QStringLiteral("output_tokens"),
                       chatUsage.value(QLatin1String("completion_tokens")).toInteger()}};
    if (cached > 0) usage[QStringLiteral("cache_read_input_tokens")] = cached;
    return usage;
}

QJsonObject toolInputFrom(const QJsonValue &arguments) {
    // Some clients send the arguments as an object rather than a string.
    if (arguments.isObject()) return arguments.toObject();
    return QJsonDocument::fromJson(arguments.toString().toUtf8()).object();
}

QString compactJson(const QJsonObject &object) {
    return QString::fromUtf8(toCompactJson(object));
}

QString newId(const QString &prefix) {
    return prefix + QUuid::createUuid().toString(QUuid::Id128);
}

qint64 nowSeconds() {
    return QDateTime::currentSecsSinceEpoch();
}

}  // namespace gatehouse::anthropic::detail
