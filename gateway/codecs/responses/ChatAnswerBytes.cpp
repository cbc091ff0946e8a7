#include "ChatAnswerBytes.h"

#include "JsonMembers.h"

namespace gatehouse::responses {

namespace {

// An array value with no elements (or not an array, or null: toArray() of
// it is empty too).
bool emptyArray(QByteArrayView v) {
    if (v.isEmpty() || v.front() != '[') return true;
    return trimmed(v.sliced(1, v.size() - 2)).isEmpty();
}

// QJsonValue::toInt(fallback) of a value's text: a whole number as it is,
// anything not a number the fallback. False for a number written with a
// fraction, an exponent or too many digits (left to Qt's parser).
bool intOf(QByteArrayView value, int fallback, int *out) {
    if (value.isEmpty() || (value.front() != '-' && (value.front() < '0' || value.front() > '9'))) {
        *out = fallback;
        return true;
    }
    bool ok = false;
    *out = value.size() <= 9 ? value.toInt(&ok) : 0;
    return ok;
}

// One member of an object value (its text empty when the value is no object).
bool memberOf(QByteArrayView object, QByteArrayView key, QByteArrayView *out) {
    *out = {};
    if (object.isEmpty() || object.front() != '{') return true;
    Members members;
    return members.scan(QByteArray::fromRawData(object.data(), object.size())) &&
           members.value(key, out);
}

// usageCounts() of a usage object's text.
bool usageOf(QByteArrayView usage, UsageCounts *c) {
    Members m;
    if (!m.scan(QByteArray::fromRawData(usage.data(), usage.size()))) return false;
    QByteArrayView input, output, total, inputDetails, outputDetails, cached, reasoning;
    if (!m.value("prompt_tokens", &input) || !m.value("completion_tokens", &output) ||
        !m.value("total_tokens", &total) || !m.value("prompt_tokens_details", &inputDetails) ||
        !m.value("completion_tokens_details", &outputDetails) ||
        !memberOf(inputDetails, "cached_tokens", &cached) ||
        !memberOf(outputDetails, "reasoning_tokens", &reasoning))
        return false;
    return intOf(input, 0, &c->input) && intOf(output, 0, &c->output) &&
           intOf(cached, 0, &c->cached) && intOf(reasoning, 0, &c->reasoning) &&
           intOf(total, c->input + c->output, &c->total);
}

}  // namespace

bool chatAnswerFromBytes(const QByteArray &raw, ChatAnswer *answer, QByteArray *message) {
    Members top;
    if (!top.scan(raw)) return false;
    QByteArrayView choices, model, created, usage;
    if (!top.value("choices", &choices) || !top.value("model", &model) ||
        !top.value("created", &created) || !top.value("usage", &usage))
        return false;
    // Exactly one choice, an object.
    if (choices.size() < 2 || choices.front() != '[') return false;
    const QByteArrayView choiceText = trimmed(choices.sliced(1, choices.size() - 2));
    if (choiceText.isEmpty() || choiceText.front() != '{') return false;
    Members choice;
    if (!choice.scan(QByteArray::fromRawData(choiceText.data(), choiceText.size()))) return false;
    QByteArrayView messageText, finishReason;
    if (!choice.value("message", &messageText) || !choice.value("finish_reason", &finishReason))
        return false;
    if (messageText.isEmpty() || messageText.front() != '{') return false;
    Members fields;
    if (!fields.scan(QByteArray::fromRawData(messageText.data(), messageText.size()))) return false;
    QByteArrayView content, refusal, reasoning, toolCalls;
    if (!fields.value("content", &content) || !fields.value("refusal", &refusal) ||
        !fields.value("reasoning_content", &reasoning) || !fields.value("tool_calls", &toolCalls))
        return false;
    if (!emptyArray(toolCalls)) return false;

    ChatAnswer a;
    if (!stringOf(model, &a.model) || !stringOf(finishReason, &a.finishReason) ||
        !stringOf(content, &a.content) || !stringOf(refusal, &a.refusal) ||
        !stringOf(reasoning, &a.reasoning))
        return false;
    // QJsonValue::toInteger(now): a whole number as it is, anything else now.
    if (!created.isEmpty() &&
        (created.front() == '-' || (created.front() >= '0' && created.front() <= '9'))) {
        bool ok = false;
        a.created = created.size() <= 15 ? created.toLongLong(&ok) : 0;
        if (!ok) return false;  // a fraction or an exponent: Qt decides
    } else {
        a.created = nowSeconds();
    }
    if (!usage.isEmpty() && usage.front() == '{') {
        a.hasUsage = true;
        if (!usageOf(usage, &a.usage)) return false;
    }
    *answer = std::move(a);
    *message = messageText.toByteArray();
    return true;
}

}  // namespace gatehouse::responses
