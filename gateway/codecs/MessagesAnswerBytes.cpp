#include "MessagesAnswerBytes.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"
#include "responses/ChatAnswerBytes.h"
#include "responses/JsonMembers.h"
#include "translate/AnthropicShared.h"

namespace gatehouse::anthropic {

namespace {

// The message has what the QJsonObject path reads and this one does not: a
// content array (chat parts joined), or thinking blocks to hand back.
bool needsTheObjectPath(QByteArrayView message) {
    responses::Members members;
    // Read where it is (the answer outlives this call).
    if (!members.scanTrusted(QByteArray::fromRawData(message.data(), message.size()))) return true;
    QByteArrayView content, thinkingBlocks;
    if (!members.value("content", &content) || !members.value("thinking_blocks", &thinkingBlocks))
        return true;
    if (!content.isEmpty() && content.front() == '[') return true;
    if (!thinkingBlocks.isEmpty() && thinkingBlocks.front() == '[' &&
        !responses::trimmed(thinkingBlocks.sliced(1, thinkingBlocks.size() - 2)).isEmpty())
        return true;
    return false;
}

void appendTextBlock(QByteArray &out, const responses::AnswerText &text) {
    appendBytes(out, R"({"text":)");
    text.appendJsonTo(out);
    appendBytes(out, R"(,"type":"text"})");
}

}  // namespace

bool messagesAnswerFromChatBytes(const QByteArray &chatCompletion, QByteArray *out) {
    responses::ChatAnswer a;
    QByteArrayView message;
    if (!responses::chatAnswerFromBytes(chatCompletion, &a, &message) ||
        needsTheObjectPath(message))
        return false;

    // Keys in QJsonObject's (sorted) order, as chatResponseToMessages writes them.
    QByteArray json;
    json.reserve(256 + a.content.sizeHint() + a.reasoning.sizeHint() + a.refusal.sizeHint() +
                 a.id.sizeHint() + a.model.sizeHint());
    appendBytes(json, R"({"content":[)");
    bool first = true;
    const auto separate = [&] {
        if (!first) appendBytes(json, ",");
        first = false;
    };
    // Reasoning without a signature (not Claude's own): shown, never replayed.
    if (!a.reasoning.isEmpty()) {
        separate();
        appendBytes(json, R"({"signature":"","thinking":)");
        a.reasoning.appendJsonTo(json);
        appendBytes(json, R"(,"type":"thinking"})");
    }
    if (!a.content.isEmpty()) {
        separate();
        appendTextBlock(json, a.content);
    }
    if (!a.refusal.isEmpty()) {
        separate();
        appendTextBlock(json, a.refusal);
    }
    appendBytes(json, R"(],"id":)");
    if (a.id.isEmpty())
        appendJsonString(json, detail::newId(QStringLiteral("msg_")));
    else
        a.id.appendJsonTo(json);
    appendBytes(json, R"(,"model":)");
    a.model.appendJsonTo(json);
    appendBytes(json, R"(,"role":"assistant","stop_reason":)");
    appendJsonString(json, a.refusal.isEmpty() ? detail::stopReasonFor(a.finishReason)
                                               : QStringLiteral("refusal"));
    appendBytes(json, R"(,"stop_sequence":null,"type":"message","usage":{)");
    // Anthropic's input_tokens leaves out what was read from the cache.
    if (a.usage.cached > 0) {
        appendBytes(json, R"("cache_read_input_tokens":)");
        appendDecimal(json, a.usage.cached);
        appendBytes(json, ",");
    }
    appendBytes(json, R"("input_tokens":)");
    appendDecimal(json, qMax(0, a.usage.input - a.usage.cached));
    appendBytes(json, R"(,"output_tokens":)");
    appendDecimal(json, a.usage.output);
    appendBytes(json, "}}");
    *out = std::move(json);
    return true;
}

}  // namespace gatehouse::anthropic
