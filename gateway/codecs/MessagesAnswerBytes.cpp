#include "MessagesAnswerBytes.h"

#include "json/JsonWriter.h"
#include "responses/ChatAnswerBytes.h"
#include "responses/JsonMembers.h"
#include "translate/AnthropicShared.h"

namespace gatehouse::anthropic {

namespace {

// The message has what the QJsonObject path reads and this one does not: a
// content array (chat parts joined), or thinking blocks to hand back.
bool needsTheObjectPath(const QByteArray &message) {
    responses::Members members;
    if (!members.scanTrusted(message)) return true;
    QByteArrayView content, thinkingBlocks;
    if (!members.value("content", &content) || !members.value("thinking_blocks", &thinkingBlocks))
        return true;
    if (!content.isEmpty() && content.front() == '[') return true;
    if (!thinkingBlocks.isEmpty() && thinkingBlocks.front() == '[' &&
        !responses::trimmed(thinkingBlocks.sliced(1, thinkingBlocks.size() - 2)).isEmpty())
        return true;
    return false;
}

void appendTextBlock(QByteArray &out, const QString &text) {
    out += R"({"text":)";
    appendJsonString(out, text);
    out += R"(,"type":"text"})";
}

}  // namespace

bool messagesAnswerFromChatBytes(const QByteArray &chatCompletion, QByteArray *out) {
    responses::ChatAnswer a;
    QByteArray message;
    if (!responses::chatAnswerFromBytes(chatCompletion, &a, &message) ||
        needsTheObjectPath(message))
        return false;

    // Keys in QJsonObject's (sorted) order, as chatResponseToMessages writes them.
    QByteArray json;
    json.reserve(256 + 2 * (a.content.size() + a.reasoning.size() + a.refusal.size()));
    json += R"({"content":[)";
    bool first = true;
    const auto separate = [&] {
        if (!first) json += ',';
        first = false;
    };
    // Reasoning without a signature (not Claude's own): shown, never replayed.
    if (!a.reasoning.isEmpty()) {
        separate();
        json += R"({"signature":"","thinking":)";
        appendJsonString(json, a.reasoning);
        json += R"(,"type":"thinking"})";
    }
    if (!a.content.isEmpty()) {
        separate();
        appendTextBlock(json, a.content);
    }
    if (!a.refusal.isEmpty()) {
        separate();
        appendTextBlock(json, a.refusal);
    }
    json += R"(],"id":)";
    appendJsonString(json, a.id.isEmpty() ? detail::newId(QStringLiteral("msg_")) : a.id);
    json += R"(,"model":)";
    appendJsonString(json, a.model);
    json += R"(,"role":"assistant","stop_reason":)";
    appendJsonString(json, a.refusal.isEmpty() ? detail::stopReasonFor(a.finishReason)
                                               : QStringLiteral("refusal"));
    json += R"(,"stop_sequence":null,"type":"message","usage":{)";
    // Anthropic's input_tokens leaves out what was read from the cache.
    if (a.usage.cached > 0) {
        json += R"("cache_read_input_tokens":)";
        json += QByteArray::number(a.usage.cached);
        json += ',';
    }
    json += R"("input_tokens":)";
    json += QByteArray::number(qMax(0, a.usage.input - a.usage.cached));
    json += R"(,"output_tokens":)";
    json += QByteArray::number(a.usage.output);
    json += "}}";
    *out = std::move(json);
    return true;
}

}  // namespace gatehouse::anthropic
