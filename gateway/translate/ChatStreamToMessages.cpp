// Client side streaming: chat.completion.chunk objects -> Anthropic SSE events.
//
// The Anthropic SDKs rebuild the message from the events: message_start gives
// the message with empty content, each content_block_start appends a block at
// the next index, deltas extend the block at their index, message_delta sets
// stop_reason and usage. Blocks therefore open in order, one at a time.
#include <QJsonArray>
#include <QJsonDocument>

#include "AnthropicShared.h"
#include "AnthropicTranslate.h"
#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

namespace gatehouse::anthropic {

using namespace detail;

ChatStreamToMessages::ChatStreamToMessages(const QString &model) : model_(model) {}

QList<SseEvent> ChatStreamToMessages::onChunk(const QJsonObject &chunk) {
    QList<SseEvent> out;
    if (finished_) return out;
    // OpenAI-compatible servers report mid-stream failures as {"error": {...}};
    // Anthropic streams have an event for that, and the stream ends there.
    if (chunk.value(QLatin1String("error")).isObject()) {
        const QString message = chunk.value(QLatin1String("error"))
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toString();
        emitEvent("error", errorBody(500, message), &out);
        finished_ = true;
        return out;
    }
    if (!started_) start(chunk, &out);
    if (chunk.value(QLatin1String("usage")).isObject())
        usage_ = chunk.value(QLatin1String("usage")).toObject();

    // The gateway asks for one choice; any others are not part of this message.
    const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    appendThinking(delta.value(QLatin1String("reasoning_content")).toString(), &out);
    for (const QJsonValue &block : delta.value(QLatin1String("thinking_blocks")).toArray())
        appendSignedThinking(block.toObject(), &out);
    appendText(delta.value(QLatin1String("content")).toString(), &out);
    const QString refusal = delta.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty()) {
        refused_ = true;
        appendText(refusal, &out);
    }
    for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray())
        appendToolCall(call.toObject(), &out);
    if (choice.value(QLatin1String("finish_reason")).isString())
        finishReason_ = choice.value(QLatin1String("finish_reason")).toString();
    return out;
}

QList<SseEvent> ChatStreamToMessages::finish() {
    QList<SseEvent> out;
    if (finished_) return out;
    if (!started_) start({}, &out);
    // A tool call whose name never arrived still gets its block, so its id
    // and arguments are not lost.
    for (ToolCall &call : toolCalls_)
        if (call.block < 0) startToolBlock(&call, &out);
    closeOpenBlock(&out);

    QString stopReason = stopReasonFor(finishReason_);
    // Anthropic clients run tools only on "tool_use"; some servers say "stop".
    if (!toolCalls_.isEmpty() && stopReason == QLatin1String("end_turn"))
        stopReason = QStringLiteral("tool_use");
    if (refused_) stopReason = QStringLiteral("refusal");
    const QJsonObject usage = usage_.isEmpty() ? QJsonObject{{QStringLiteral("output_tokens"), 0}}
                                               : messagesUsageFrom(usage_);
    emitEvent(
        "message_delta",
        {{QStringLiteral("type"), QStringLiteral("message_delta")},
         {QStringLiteral("delta"), QJsonObject{{QStringLiteral("stop_reason"), stopReason},
                                               {QStringLiteral("stop_sequence"), QJsonValue()}}},
         {QStringLiteral("usage"), usage}},
        &out);
    emitEvent("message_stop", {{QStringLiteral("type"), QStringLiteral("message_stop")}}, &out);
    finished_ = true;
    return out;
}

void ChatStreamToMessages::start(const QJsonObject &chunk, QList<SseEvent> *out) {
    started_ = true;
    id_ = chunk.value(QLatin1String("id")).toString();
    if (id_.isEmpty()) id_ = newId(QStringLiteral("msg_"));
    if (model_.isEmpty()) model_ = chunk.value(QLatin1String("model")).toString();
    // OpenAI reports usage at the end; message_delta carries the real counts.
    const qint64 inputTokens = messagesUsageFrom(chunk.value(QLatin1String("usage")).toObject())
                                   .value(QLatin1String("input_tokens"))
                                   .toInteger();
    const QJsonObject message{
        {QStringLiteral("id"), id_},
        {QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("model"), model_},
        {QStringLiteral("content"), QJsonArray()},
        {QStringLiteral("stop_reason"), QJsonValue()},
        {QStringLiteral("stop_sequence"), QJsonValue()},
        {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), inputTokens},
                                              {QStringLiteral("output_tokens"), 0}}}};
    emitEvent("message_start",
              {{QStringLiteral("type"), QStringLiteral("message_start")},
               {QStringLiteral("message"), message}},
              out);
}

void ChatStreamToMessages::appendText(const QString &text, QList<SseEvent> *out) {
    if (text.isEmpty()) return;
    if (openBlock_ < 0 || !openBlockIsText_) {
        closeOpenBlock(out);
        openBlock_ = blockCount_++;
        openBlockIsText_ = true;
        emitEvent("content_block_start",
                  {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                   {QStringLiteral("index"), openBlock_},
                   {QStringLiteral("content_block"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), QString()}}}},
                  out);
    }
    emitDelta(openBlock_, "text_delta", "text", text, out);
}

// Reasoning from another provider: a thinking block without a signature.
void ChatStreamToMessages::appendThinking(const QString &text, QList<SseEvent> *out) {
    if (text.isEmpty()) return;
    if (openBlock_ < 0 || !openBlockIsThinking_) {
        closeOpenBlock(out);
        openBlock_ = blockCount_++;
        openBlockIsThinking_ = true;
        emitEvent("content_block_start",
                  {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                   {QStringLiteral("index"), openBlock_},
                   {QStringLiteral("content_block"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("thinking")},
                                {QStringLiteral("thinking"), QString()},
                                {QStringLiteral("signature"), QString()}}}},
                  out);
    }
    emitDelta(openBlock_, "thinking_delta", "thinking", text, out);
}

// Claude's thinking through another API (Bedrock): a thinking block's
// signature after its text (then the block is complete), or a redacted
// block whole.
void ChatStreamToMessages::appendSignedThinking(const QJsonObject &block, QList<SseEvent> *out) {
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("redacted_thinking")) {
        closeOpenBlock(out);
        openBlock_ = blockCount_++;
        emitEvent("content_block_start",
                  {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                   {QStringLiteral("index"), openBlock_},
                   {QStringLiteral("content_block"), block}},
                  out);
        closeOpenBlock(out);
        return;
    }
    const QString signature = block.value(QLatin1String("signature")).toString();
    if (type != QLatin1String("thinking") || signature.isEmpty()) return;
    if (openBlock_ < 0 || !openBlockIsThinking_) {
        closeOpenBlock(out);
        openBlock_ = blockCount_++;
        openBlockIsThinking_ = true;
        emitEvent("content_block_start",
                  {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                   {QStringLiteral("index"), openBlock_},
                   {QStringLiteral("content_block"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("thinking")},
                                {QStringLiteral("thinking"), QString()},
                                {QStringLiteral("signature"), QString()}}}},
                  out);
    }
    emitDelta(openBlock_, "signature_delta", "signature", signature, out);
    closeOpenBlock(out);
}

void ChatStreamToMessages::appendToolCall(const QJsonObject &toolCall, QList<SseEvent> *out) {
    // Fragments name their call by index; a server that omits it sends one
    // call at a time, so a fragment with an id starts the next call.
    int index = toolCall.value(QLatin1String("index")).toInt(-1);
    if (index < 0) {
        const int last = toolCalls_.isEmpty() ? -1 : toolCalls_.lastKey();
        index = toolCall.contains(QLatin1String("id")) || last < 0 ? last + 1 : last;
    }
    ToolCall &call = toolCalls_[index];
    const QJsonObject function = toolCall.value(QLatin1String("function")).toObject();
    const QString arguments = function.value(QLatin1String("arguments")).toString();
    if (call.block >= 0) {
        // Deltas address their block by index, so a fragment for an earlier
        // call (servers interleaving parallel calls) still lands in the right block.
        if (!arguments.isEmpty())
            emitDelta(call.block, "input_json_delta", "partial_json", arguments, out);
        return;
    }
    // content_block_start must carry the name; hold fragments until it comes.
    const QString id = toolCall.value(QLatin1String("id")).toString();
    if (!id.isEmpty()) call.id = id;
    call.name += function.value(QLatin1String("name")).toString();
    call.pendingArguments += arguments;
    if (!call.name.isEmpty()) startToolBlock(&call, out);
}

void ChatStreamToMessages::startToolBlock(ToolCall *call, QList<SseEvent> *out) {
    closeOpenBlock(out);
    call->block = openBlock_ = blockCount_++;
    openBlockIsText_ = false;
    if (call->id.isEmpty()) call->id = newId(QStringLiteral("toolu_"));
    emitEvent("content_block_start",
              {{QStringLiteral("type"), QStringLiteral("content_block_start")},
               {QStringLiteral("index"), call->block},
               {QStringLiteral("content_block"),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                            {QStringLiteral("id"), call->id},
                            {QStringLiteral("name"), call->name},
                            {QStringLiteral("input"), QJsonObject()}}}},
              out);
    if (call->pendingArguments.isEmpty()) return;
    emitDelta(call->block, "input_json_delta", "partial_json", call->pendingArguments, out);
    call->pendingArguments.clear();
}

void ChatStreamToMessages::closeOpenBlock(QList<SseEvent> *out) {
    if (openBlock_ < 0) return;
    emitEvent("content_block_stop",
              {{QStringLiteral("type"), QStringLiteral("content_block_stop")},
               {QStringLiteral("index"), openBlock_}},
              out);
    openBlock_ = -1;
    openBlockIsText_ = false;
    openBlockIsThinking_ = false;
}

void ChatStreamToMessages::emitEvent(const QByteArray &name, const QJsonObject &data,
                                     QList<SseEvent> *out) {
    out->append({name, toCompactJson(data), {}});
}

// A content_block_delta event, one per streamed chunk, written directly:
// building its QJsonObject cost ~15k instructions a chunk. The bytes are
// toCompactJson's of that object (keys sorted: each delta's field sorts
// before "type").
void ChatStreamToMessages::emitDelta(int index, const char *deltaType, const char *field,
                                     const QString &text, QList<SseEvent> *out) {
    QByteArray data;
    data.reserve(text.size() + 96);
    appendBytes(data, "{\"delta\":{\"");
    appendBytes(data, field);
    appendBytes(data, "\":");
    appendJsonString(data, text);
    appendBytes(data, ",\"type\":\"");
    appendBytes(data, deltaType);
    appendBytes(data, "\"},\"index\":");
    appendDecimal(data, index);
    appendBytes(data, ",\"type\":\"content_block_delta\"}");
    out->append({QByteArrayLiteral("content_block_delta"), std::move(data), {}});
}

}  // namespace gatehouse::anthropic
