#include "ResponsesStream.h"
#include "ResponsesAnswer.h"
#include "ResponsesShared.h"

#include "http/SseParser.h"
#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

namespace gatehouse::responses {

ResponsesStreamEncoder::ResponsesStreamEncoder(const QString &model, const CodecContext &context,
                                               ResponseMemory *memory)
    : model_(model),
      context_(context),
      memory_(memory),
      id_(!context.responseId.isEmpty() ? context.responseId : newResponseId()),
      createdAt_(nowSeconds()) {}

void ResponsesStreamEncoder::event(const char *type, QJsonObject data, QByteArray *out) {
    data.insert(QStringLiteral("type"), QLatin1String(type));
    data.insert(QStringLiteral("sequence_number"), sequence_++);
    *out += formatSseEvent(QByteArray(type), toCompactJson(data));
}

// A *.delta event, one per streamed chunk, written directly: building its
// QJsonObject cost ~30k instructions a chunk. The bytes are toCompactJson's
// of that object (keys sorted, as QJsonObject keeps them).
void ResponsesStreamEncoder::deltaEvent(const char *type, const DeltaPlace &place,
                                        const QString &delta, QByteArray *out) {
    QByteArray data;
    data.reserve(delta.size() + place.itemId.size() + 160);
    appendBytes(data, "{");
    if (place.contentIndex >= 0) {
        appendBytes(data, "\"content_index\":");
        appendDecimal(data, place.contentIndex);
        appendBytes(data, ",");
    }
    appendBytes(data, "\"delta\":");
    appendJsonString(data, delta);
    appendBytes(data, ",\"item_id\":");
    appendJsonString(data, place.itemId);
    if (place.logprobs) appendBytes(data, ",\"logprobs\":[]");
    appendBytes(data, ",\"output_index\":");
    appendDecimal(data, place.outputIndex);
    appendBytes(data, ",\"sequence_number\":");
    appendDecimal(data, sequence_++);
    if (place.summaryIndex >= 0) {
        appendBytes(data, ",\"summary_index\":");
        appendDecimal(data, place.summaryIndex);
    }
    appendBytes(data, ",\"type\":\"");
    appendBytes(data, type);
    appendBytes(data, "\"}");
    *out += formatSseEvent(QByteArray(type), data);
}

QJsonObject ResponsesStreamEncoder::envelope(const QString &status) const {
    return responseEnvelope(context_, id_, model_, createdAt_, status, output_,
                            usage_.isEmpty() ? QJsonValue() : QJsonValue(usageFromChat(usage_)));
}

void ResponsesStreamEncoder::start(QByteArray *out) {
    if (std::exchange(started_, true)) return;
    const QJsonObject response = envelope(QStringLiteral("in_progress"));
    event("response.created", {{QStringLiteral("response"), response}}, out);
    event("response.in_progress", {{QStringLiteral("response"), response}}, out);
}

void ResponsesStreamEncoder::openReasoning(QByteArray *out) {
    if (open_ == Open::Reasoning) return;
    closeOpen(out);
    open_ = Open::Reasoning;
    itemId_ = newItemId("rs_");
    text_.clear();
    const int index = int(output_.size());
    event("response.output_item.added",
          {{QStringLiteral("output_index"), index},
           {QStringLiteral("item"), reasoningItem(itemId_, QString())}},
          out);
    event("response.reasoning_summary_part.added",
          {{QStringLiteral("item_id"), itemId_},
           {QStringLiteral("output_index"), index},
           {QStringLiteral("summary_index"), 0},
           {QStringLiteral("part"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                        {QStringLiteral("text"), QString()}}}},
          out);
}

void ResponsesStreamEncoder::openMessage(QByteArray *out) {
    if (open_ == Open::Message) return;
    closeOpen(out);
    open_ = Open::Message;
    itemId_ = newItemId("msg_");
    text_.clear();
    const int index = int(output_.size());
    QJsonObject item = messageItem(itemId_, QString(), QString(), QStringLiteral("in_progress"));
    item[QStringLiteral("content")] = QJsonArray();
    event("response.output_item.added",
          {{QStringLiteral("output_index"), index}, {QStringLiteral("item"), item}}, out);
    event("response.content_part.added",
          {{QStringLiteral("item_id"), itemId_},
           {QStringLiteral("output_index"), index},
           {QStringLiteral("content_index"), 0},
           {QStringLiteral("part"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                        {QStringLiteral("text"), QString()},
                        {QStringLiteral("annotations"), QJsonArray()}}}},
          out);
}

void ResponsesStreamEncoder::openToolCall(int index, QByteArray *out) {
    if (open_ == Open::ToolCall && openTool_ == index) return;
    closeOpen(out);
    ToolCall &call = tools_[index];
    open_ = Open::ToolCall;
    openTool_ = index;
    call.outputIndex = int(output_.size());
    call.itemId = newItemId("fc_");
    if (call.callId.isEmpty()) call.callId = newItemId("call_");
    QJsonObject item = toolCallItem(context_, call.itemId, call.callId, call.name, QString(),
                                    QStringLiteral("in_progress"));
    event("response.output_item.added",
          {{QStringLiteral("output_index"), call.outputIndex}, {QStringLiteral("item"), item}},
          out);
}

void ResponsesStreamEncoder::closeOpen(QByteArray *out) {
    const int index = int(output_.size());
    switch (open_) {
        case Open::None:
            return;
        case Open::Reasoning: {
            const QJsonObject part{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                   {QStringLiteral("text"), text_}};
            event("response.reasoning_summary_text.done",
                  {{QStringLiteral("item_id"), itemId_},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("summary_index"), 0},
                   {QStringLiteral("text"), text_}},
                  out);
            event("response.reasoning_summary_part.done",
                  {{QStringLiteral("item_id"), itemId_},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("summary_index"), 0},
                   {QStringLiteral("part"), part}},
                  out);
            const QJsonObject item = reasoningItem(itemId_, text_);
            event("response.output_item.done",
                  {{QStringLiteral("output_index"), index}, {QStringLiteral("item"), item}}, out);
            output_.append(item);
            break;
        }
        case Open::Message: {
            const QJsonObject part{{QStringLiteral("type"), QStringLiteral("output_text")},
                                   {QStringLiteral("text"), text_},
                                   {QStringLiteral("annotations"), QJsonArray()},
                                   {QStringLiteral("logprobs"), QJsonArray()}};
            event("response.output_text.done",
                  {{QStringLiteral("item_id"), itemId_},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("text"), text_},
                   {QStringLiteral("logprobs"), QJsonArray()}},
                  out);
            event("response.content_part.done",
                  {{QStringLiteral("item_id"), itemId_},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("part"), part}},
                  out);
            QJsonObject item =
                messageItem(itemId_, text_, QString(), messageStatusFor(finishReason_));
            if (refusalOpen_) {
                const QJsonObject refusalPart{{QStringLiteral("type"), QStringLiteral("refusal")},
                                              {QStringLiteral("refusal"), refusal_}};
                event("response.refusal.done",
                      {{QStringLiteral("item_id"), itemId_},
                       {QStringLiteral("output_index"), index},
                       {QStringLiteral("content_index"), 1},
                       {QStringLiteral("refusal"), refusal_}},
                      out);
                event("response.content_part.done",
                      {{QStringLiteral("item_id"), itemId_},
                       {QStringLiteral("output_index"), index},
                       {QStringLiteral("content_index"), 1},
                       {QStringLiteral("part"), refusalPart}},
                      out);
                QJsonArray content = item.value(QLatin1String("content")).toArray();
                content.append(refusalPart);
                item[QStringLiteral("content")] = content;
                refusalOpen_ = false;
                refusal_.clear();
            }
            event("response.output_item.done",
                  {{QStringLiteral("output_index"), index}, {QStringLiteral("item"), item}}, out);
            output_.append(item);
            break;
        }
        case Open::ToolCall: {
            const ToolCall &call = tools_[openTool_];
            const bool custom = isCustomTool(context_, call.name);
            if (custom)
                event("response.custom_tool_call_input.done",
                      {{QStringLiteral("item_id"), call.itemId},
                       {QStringLiteral("output_index"), index},
                       {QStringLiteral("input"), customInput(call.arguments)}},
                      out);
            else
                event("response.function_call_arguments.done",
                      {{QStringLiteral("item_id"), call.itemId},
                       {QStringLiteral("output_index"), index},
                       {QStringLiteral("name"), call.name},
                       {QStringLiteral("arguments"), call.arguments}},
                      out);
            const QJsonObject item = toolCallItem(context_, call.itemId, call.callId, call.name,
                                                  call.arguments, QStringLiteral("completed"));
            event("response.output_item.done",
                  {{QStringLiteral("output_index"), index}, {QStringLiteral("item"), item}}, out);
            output_.append(item);
            openTool_ = -1;
            break;
        }
    }
    open_ = Open::None;
}

// A chat tool-call delta. Its name arrives first; the item opens then, and
// a custom tool's input (inside the JSON arguments) is only known at its
// end, so its deltas wait for the .done event.
void ResponsesStreamEncoder::addToolCall(const QJsonObject &delta, QByteArray *out) {
    const int index = delta.value(QLatin1String("index")).toInt(int(tools_.size()));
    ToolCall &call = tools_[index];
    const QJsonObject function = delta.value(QLatin1String("function")).toObject();
    if (delta.value(QLatin1String("id")).isString() && call.callId.isEmpty())
        call.callId = delta.value(QLatin1String("id")).toString();
    if (function.value(QLatin1String("name")).isString() && call.name.isEmpty())
        call.name = function.value(QLatin1String("name")).toString();
    const QString fragment = function.value(QLatin1String("arguments")).toString();
    if (call.name.isEmpty()) {
        call.arguments += fragment;  // before its name: sent when the item opens
        return;
    }
    const bool opening = !(open_ == Open::ToolCall && openTool_ == index);
    if (opening) openToolCall(index, out);
    const QString sent = opening ? call.arguments + fragment : fragment;
    call.arguments += fragment;
    if (sent.isEmpty() || isCustomTool(context_, call.name)) return;
    deltaEvent("response.function_call_arguments.delta", {call.itemId, call.outputIndex}, sent,
               out);
}

QByteArray ResponsesStreamEncoder::onChunk(const QJsonObject &chunk) {
    QByteArray out;
    if (finished_) return out;
    start(&out);
    if (model_.isEmpty()) model_ = chunk.value(QLatin1String("model")).toString();
    if (chunk.value(QLatin1String("usage")).isObject())
        usage_ = chunk.value(QLatin1String("usage")).toObject();
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty()) return out;
    const QJsonObject choice = choices.at(0).toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    const QString reasoning = delta.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty()) {
        openReasoning(&out);
        text_ += reasoning;
        deltaEvent("response.reasoning_summary_text.delta", {itemId_, int(output_.size()), -1, 0},
                   reasoning, &out);
    }
    const QString text = delta.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) {
        openMessage(&out);
        text_ += text;
        deltaEvent("response.output_text.delta", {itemId_, int(output_.size()), 0, -1, true}, text,
                   &out);
    }
    const QString refusal = delta.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty()) {
        openMessage(&out);
        // The text part (index 0) is open already; the refusal is part 1.
        if (!std::exchange(refusalOpen_, true))
            event("response.content_part.added",
                  {{QStringLiteral("item_id"), itemId_},
                   {QStringLiteral("output_index"), int(output_.size())},
                   {QStringLiteral("content_index"), 1},
                   {QStringLiteral("part"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("refusal")},
                                {QStringLiteral("refusal"), QString()}}}},
                  &out);
        refusal_ += refusal;
        deltaEvent("response.refusal.delta", {itemId_, int(output_.size()), 1}, refusal, &out);
    }
    for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray())
        addToolCall(call.toObject(), &out);
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString()) finishReason_ = finish.toString();
    return out;
}

QByteArray ResponsesStreamEncoder::finish() {
    QByteArray out;
    if (finished_) return out;
    start(&out);
    closeOpen(&out);
    // Calls whose name never came cannot be items; an empty answer is still a message.
    if (output_.isEmpty()) {
        openMessage(&out);
        closeOpen(&out);
    }
    finished_ = true;
    QJsonValue incomplete;
    const QString status = statusFor(finishReason_, &incomplete);
    QJsonObject response = envelope(status);
    response[QStringLiteral("incomplete_details")] = incomplete;
    event(status == QLatin1String("completed") ? "response.completed" : "response.incomplete",
          {{QStringLiteral("response"), response}}, &out);
    if (memory_ && context_.keepsConversation())
        remember(*memory_, context_, id_, assistantMessageFrom(output_), toCompactJson(response));
    return out;
}

QByteArray ResponsesStreamEncoder::error(const GatewayError &error) {
    QByteArray out;
    if (finished_) return out;
    start(&out);
    finished_ = true;
    QJsonObject response = envelope(QStringLiteral("failed"));
    response[QStringLiteral("error")] =
        QJsonObject{{QStringLiteral("code"), error.code.isEmpty() ? error.type : error.code},
                    {QStringLiteral("message"), error.message}};
    event("response.failed", {{QStringLiteral("response"), response}}, &out);
    return out;
}

}  // namespace gatehouse::responses
