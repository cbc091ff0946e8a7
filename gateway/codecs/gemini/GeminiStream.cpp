#include "GeminiStream.h"
#include "GeminiShared.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::gemini {

GeminiStreamEncoder::GeminiStreamEncoder(const QString &model, bool asArray)
    : model_(model), asArray_(asArray) {}

QByteArray GeminiStreamEncoder::write(const QJsonObject &response) {
    return writeJson(toCompactJson(response));
}

QByteArray GeminiStreamEncoder::writeJson(QByteArrayView response) {
    QByteArray out;
    out.reserve(response.size() + 8);
    if (asArray_) {
        appendBytes(out, wroteAny_ ? ",\r\n" : "[");
        appendBytes(out, response);
    } else {
        appendBytes(out, "data: ");
        appendBytes(out, response);
        appendBytes(out, "\r\n\r\n");
    }
    wroteAny_ = true;
    return out;
}

QJsonObject GeminiStreamEncoder::candidate(int index, const QJsonArray &parts) {
    return {
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("role"), QStringLiteral("model")},
                                                {QStringLiteral("parts"), parts}}},
        {QStringLiteral("index"), index}};
}

QJsonObject GeminiStreamEncoder::answer(const QJsonArray &candidates) const {
    QJsonObject out{{QStringLiteral("candidates"), candidates},
                    {QStringLiteral("modelVersion"), model_}};
    if (!id_.isEmpty()) out[QStringLiteral("responseId")] = id_;
    return out;
}

QByteArray GeminiStreamEncoder::onChunk(const QJsonObject &chunk) {
    if (finished_) return {};
    if (id_.isEmpty()) id_ = chunk.value(QLatin1String("id")).toString();
    if (chunk.value(QLatin1String("usage")).isObject())
        usage_ = chunk.value(QLatin1String("usage")).toObject();
    QByteArray candidates;  // their JSON text, comma-separated
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const QJsonObject choice = choices.at(i).toObject();
        const int index = choice.value(QLatin1String("index")).toInt(int(i));
        Choice &state = choices_[index];
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        if (choice.value(QLatin1String("finish_reason")).isString())
            state.finishReason = choice.value(QLatin1String("finish_reason")).toString();
        for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject call = v.toObject();
            ToolCall &t = state.toolCalls[call.value(QLatin1String("index"))
                                              .toInt(int(state.toolCalls.size()))];
            if (call.value(QLatin1String("id")).isString() && t.id.isEmpty())
                t.id = call.value(QLatin1String("id")).toString();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            if (function.value(QLatin1String("name")).isString() && t.name.isEmpty())
                t.name = function.value(QLatin1String("name")).toString();
            t.arguments += function.value(QLatin1String("arguments")).toString();
        }
        // The candidate written as bytes, as toCompactJson writes its
        // object (keys sorted): one per streamed chunk, where building the
        // objects cost ~30k instructions a chunk.
        const QString reasoning = delta.value(QLatin1String("reasoning_content")).toString();
        const QString text = delta.value(QLatin1String("content")).toString();
        if (reasoning.isEmpty() && text.isEmpty()) continue;
        appendBytes(candidates, candidates.isEmpty() ? "" : ",");
        appendBytes(candidates, "{\"content\":{\"parts\":[");
        appendTextParts(candidates, reasoning, text);
        appendBytes(candidates, "],\"role\":\"model\"},\"index\":");
        appendDecimal(candidates, index);
        appendBytes(candidates, "}");
    }
    if (candidates.isEmpty()) return {};
    QByteArray response;
    response.reserve(candidates.size() + model_.size() + id_.size() + 64);
    appendBytes(response, "{\"candidates\":[");
    appendBytes(response, candidates);
    appendBytes(response, "],\"modelVersion\":");
    appendJsonString(response, model_);
    if (!id_.isEmpty()) {
        appendBytes(response, ",\"responseId\":");
        appendJsonString(response, id_);
    }
    appendBytes(response, "}");
    return writeJson(response);
}

QByteArray GeminiStreamEncoder::finish() {
    if (std::exchange(finished_, true)) return {};
    if (choices_.isEmpty()) choices_[0] = Choice();
    QJsonArray candidates;
    for (auto it = choices_.cbegin(); it != choices_.cend(); ++it) {
        QJsonArray parts;
        for (const ToolCall &t : it->toolCalls) {
            if (t.name.isEmpty()) continue;
            parts.append(QJsonObject{
                {QStringLiteral("functionCall"),
                 QJsonObject{{QStringLiteral("id"), t.id},
                             {QStringLiteral("name"), t.name},
                             {QStringLiteral("args"),
                              QJsonDocument::fromJson(t.arguments.toUtf8()).object()}}}});
        }
        // The last answer always has a part: clients read candidates[i].content.parts.
        if (parts.isEmpty()) parts.append(QJsonObject{{QStringLiteral("text"), QString()}});
        QJsonObject last = candidate(it.key(), parts);
        last[QStringLiteral("finishReason")] = finishReasonFor(it->finishReason);
        candidates.append(last);
    }
    QJsonObject last = answer(candidates);
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
