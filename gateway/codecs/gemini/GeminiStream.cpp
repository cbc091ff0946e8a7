#include "GeminiStream.h"
#include "GeminiShared.h"

#include "json/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::gemini {

GeminiStreamEncoder::GeminiStreamEncoder(const QString &model, bool asArray)
    : model_(model), asArray_(asArray) {}

QByteArray GeminiStreamEncoder::write(const QJsonObject &response) {
    QByteArray out;
    if (asArray_) {
        out += wroteAny_ ? ",\r\n" : "[";
        appendCompactJson(out, response);
    } else {
        out += "data: ";
        appendCompactJson(out, response);
        out += "\r\n\r\n";
    }
    wroteAny_ = true;
    return out;
}

QJsonObject GeminiStreamEncoder::answer(const QJsonArray &parts) const {
    QJsonObject out{
        {QStringLiteral("candidates"),
         QJsonArray{QJsonObject{{QStringLiteral("content"),
                                 QJsonObject{{QStringLiteral("role"), QStringLiteral("model")},
                                             {QStringLiteral("parts"), parts}}},
                                {QStringLiteral("index"), 0}}}},
        {QStringLiteral("modelVersion"), model_}};
    if (!id_.isEmpty()) out[QStringLiteral("responseId")] = id_;
    return out;
}

QByteArray GeminiStreamEncoder::onChunk(const QJsonObject &chunk) {
    if (finished_) return {};
    if (id_.isEmpty()) id_ = chunk.value(QLatin1String("id")).toString();
    if (chunk.value(QLatin1String("usage")).isObject())
        usage_ = chunk.value(QLatin1String("usage")).toObject();
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty()) return {};
    const QJsonObject choice = choices.at(0).toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    if (choice.value(QLatin1String("finish_reason")).isString())
        finishReason_ = choice.value(QLatin1String("finish_reason")).toString();
    for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        ToolCall &t = toolCalls_[call.value(QLatin1String("index")).toInt(int(toolCalls_.size()))];
        if (call.value(QLatin1String("id")).isString() && t.id.isEmpty())
            t.id = call.value(QLatin1String("id")).toString();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        if (function.value(QLatin1String("name")).isString() && t.name.isEmpty())
            t.name = function.value(QLatin1String("name")).toString();
        t.arguments += function.value(QLatin1String("arguments")).toString();
    }
    QJsonArray parts;
    const QString reasoning = delta.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty())
        parts.append(
            QJsonObject{{QStringLiteral("text"), reasoning}, {QStringLiteral("thought"), true}});
    const QString text = delta.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) parts.append(QJsonObject{{QStringLiteral("text"), text}});
    if (parts.isEmpty()) return {};
    return write(answer(parts));
}

QByteArray GeminiStreamEncoder::finish() {
    if (std::exchange(finished_, true)) return {};
    QJsonArray parts;
    for (const ToolCall &t : std::as_const(toolCalls_)) {
        if (t.name.isEmpty()) continue;
        parts.append(
            QJsonObject{{QStringLiteral("functionCall"),
                         QJsonObject{{QStringLiteral("id"), t.id},
                                     {QStringLiteral("name"), t.name},
                                     {QStringLiteral("args"),
                                      QJsonDocument::fromJson(t.arguments.toUtf8()).object()}}}});
    }
    // The last answer always has a part: clients read candidates[0].content.parts.
    if (parts.isEmpty()) parts.append(QJsonObject{{QStringLiteral("text"), QString()}});
    QJsonObject last = answer(parts);
    QJsonObject candidate = last.value(QLatin1String("candidates")).toArray().at(0).toObject();
    candidate[QStringLiteral("finishReason")] = finishReasonFor(finishReason_);
    last[QStringLiteral("candidates")] = QJsonArray{candidate};
    if (!usage_.isEmpty()) last[QStringLiteral("usageMetadata")] = usageMetadataFrom(usage_);
    QByteArray out = write(last);
    if (asArray_) out += "]";
    return out;
}

QByteArray GeminiStreamEncoder::error(const GatewayError &error) {
    if (std::exchange(finished_, true)) return {};
    const QJsonObject body{{QStringLiteral("error"),
                            QJsonObject{{QStringLiteral("code"), error.status},
                                        {QStringLiteral("message"), error.message},
                                        {QStringLiteral("status"), statusNameFor(error.status)}}}};
    QByteArray out = write(body);
    if (asArray_) out += "]";
    return out;
}

}  // namespace gatehouse::gemini
