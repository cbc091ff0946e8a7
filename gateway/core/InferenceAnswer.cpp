#include "InferenceHandler.h"

#include "ChatStreamAssembler.h"
#include "PluginPipeline.h"
#include "RawAnswerUsage.h"
#include "http/HttpExchange.h"
#include "http/SseParser.h"

// InferenceHandler's answer side: the answer written in the client's
// format, a stream relayed chunk by chunk (or event by event when native),
// and the error answer.

namespace gatehouse {

void InferenceHandler::deliver(const QJsonObject &response, const QByteArray &raw,
                               const PluginHeaders &pluginHeaders) {
    if (phase_.finished()) return;
    const HttpHeaders headers = answerHeaders(pluginHeaders);
    const QByteArray body = answerBody(response, raw);
    if (trace_) {
        trace_.answerHeaders(pluginHeaders);
        if (response.isEmpty() && !raw.isEmpty()) {
            const QByteArray usage = usageJsonInRawAnswer(raw);
            if (!usage.isEmpty()) trace_.usage(tokenCountsOfJson(usage));
        } else {
            trace_.usage(response.value(QStringLiteral("usage")).toObject());
        }
        trace_.answerBody(body);
    }
    finish(200, QString());
    exchange_->respond(200, body, "application/json", headers);
    release();
}

// The answer in the client's format. The provider's bytes are the answer
// when they are in that format already: a native answer, or chat to a chat
// client. Another format is written from the provider's bytes when the
// codec reads them itself, else from the parsed answer.
QByteArray InferenceHandler::answerBody(const QJsonObject &response, const QByteArray &raw) const {
    if (!raw.isEmpty() && (nativeAnswer_ || codec_->isCanonical())) return raw;
    QByteArray body;
    if (response.isEmpty() && !raw.isEmpty() &&
        codec_->encodeResponseBytes(raw, client_.context(), call_, &body))
        return body;
    return codec_->encodeResponse(responseObject(response, raw), client_.context(), call_);
}

void InferenceHandler::deliverAsStream(const QJsonObject &response, const PluginHeaders &headers) {
    const QList<QJsonObject> chunks = chunksForResponse(response);
    startStream(response.value(QStringLiteral("model")).toString(targets_[current_].model),
                headers);
    for (const QJsonObject &chunk : chunks) relayChunk(chunk);
    onStreamEnd();
}

// The request id, which target answered, and what plugins added.
HttpHeaders InferenceHandler::answerHeaders(const PluginHeaders &pluginHeaders) const {
    HttpHeaders headers;
    headers.add(QByteArrayLiteral("X-Request-Id"), requestId_.toUtf8());
    const Target &t = targets_[current_];
    headers.add(QByteArrayLiteral("X-Gatehouse-Provider"),
                (t.provider + QLatin1Char('/') + t.model).toUtf8());
    for (const auto &h : pluginHeaders) headers.add(h.first, h.second);
    return headers;
}

void InferenceHandler::startStream(const QString &model, const PluginHeaders &pluginHeaders) {
    const Target &t = targets_[current_];
    trace_.answerHeaders(pluginHeaders);
    exchange_->beginStream(200, codec_->streamContentType(client_.context()),
                           answerHeaders(pluginHeaders));
    encoder_ = codec_->streamEncoder(model.isEmpty() ? t.model : model, client_.context(), call_);
}

void InferenceHandler::onChunk(const QJsonObject &chunk) {
    onChunk(chunk, nullptr);
}

void InferenceHandler::onChunkText(const QJsonObject &chunk, const QByteArray &text) {
    onChunk(chunk, &text);
}

void InferenceHandler::onChunk(const QJsonObject &original, const QByteArray *text) {
    Q_ASSERT(!phase_.hooksAreOut());
    if (phase_.finished()) return;
    if (!exchange_->hasStarted())
        startStream(original.value(QStringLiteral("model")).toString(), {});
    QJsonObject chunk = original;
    if (!plugins_->isEmpty()) {
        if (plugins_->hasStreamHooks()) {
            if (!plugins_->runStreamChunk(chunk)) return;
            text = nullptr;  // a hook may have changed it
        }
        if (plugins_->hasPostHooks()) {
            if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
            assembled_->add(chunk);
        }
    }
    relayChunk(chunk, text);
}

void InferenceHandler::relayChunk(const QJsonObject &chunk, const QByteArray *text) {
    trace_.chunk(chunk);
    // A chat client gets a chat provider's chunk as the provider wrote it:
    // writing the same chunk again cost as much as parsing it.
    if (text && codec_->isCanonical()) {
        exchange_->sendChunk("data: ", QByteArrayView(*text).trimmed(), "\n\n");
        return;
    }
    exchange_->sendChunk(encoder_->onChunk(chunk));
}

// One event of a native stream, already in the client's format.
void InferenceHandler::onRawEvent(const SseEvent &sse) {
    Q_ASSERT(!phase_.hooksAreOut());
    if (phase_.finished()) return;
    if (!exchange_->hasStarted()) startStream(QString(), {});
    if (!plugins_->isEmpty() && plugins_->hasPostHooks()) {
        if (!nativeReader_) nativeReader_ = codec_->nativeStreamReader(targets_[current_].model);
        if (nativeReader_) assemble(nativeReader_->onEvent(sse));
    }
    const QByteArray event = formatSseEvent(sse.event, sse.data);
    trace_.nativeEvent(event);
    exchange_->sendChunk(event);
}

// Canonical chunks of the streamed answer, kept for the postHooks.
void InferenceHandler::assemble(const QList<QJsonObject> &chunks) {
    if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
    for (const QJsonObject &chunk : chunks) assembled_->add(chunk);
}

void InferenceHandler::closeStream() {
    // A native stream's own last event went out with the others.
    if (!nativeAnswer_) exchange_->sendChunk(encoder_->finish());
    finish(200, QString());
    exchange_->endStream();
    release();
}

void InferenceHandler::respondError(const GatewayError &error) {
    if (phase_.finished()) return;
    trace_.error(error.message);
    HttpHeaders headers;
    headers.add(QByteArrayLiteral("X-Request-Id"), requestId_.toUtf8());
    if (error.retryAfterSeconds >= 0)
        headers.add("Retry-After", QByteArray::number(error.retryAfterSeconds));
    finish(error.status, error.type);
    exchange_->respond(error.status, codec_->encodeError(error), "application/json", headers);
    release();
}

}  // namespace gatehouse
