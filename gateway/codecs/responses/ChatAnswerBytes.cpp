#include "ChatAnswerBytes.h"

#include "JsonMembers.h"

#include <charconv>
#include <cstring>

namespace gatehouse::responses {

namespace {

// A whole number's text as it is (std::from_chars: QByteArrayView's
// toInt() took ~240 instructions a number); false for anything else.
template <typename Int>
bool wholeNumber(QByteArrayView text, Int *out) {
    const char *end = text.data() + text.size();
    const auto [at, error] = std::from_chars(text.data(), end, *out);
    return error == std::errc() && at == end;
}

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
    return value.size() <= 9 && wholeNumber(value, out);
}

// One member of the object that is `parent`'s value (its text empty when
// that value is no object).
bool memberOf(const MemberTree &tree, int parent, QByteArrayView key, QByteArrayView *out) {
    *out = {};
    const QByteArrayView object = tree.value(parent);
    if (object.isEmpty() || object.front() != '{') return true;
    int index = -1;
    if (!tree.member(parent, key, &index)) return false;
    *out = tree.value(index);
    return true;
}

// usageCounts() of the usage object that is `usage`'s value.
bool usageOf(const MemberTree &tree, int usage, UsageCounts *c) {
    int input, output, total, inputDetails, outputDetails;
    if (!tree.member(usage, "prompt_tokens", &input) ||
        !tree.member(usage, "completion_tokens", &output) ||
        !tree.member(usage, "total_tokens", &total) ||
        !tree.member(usage, "prompt_tokens_details", &inputDetails) ||
        !tree.member(usage, "completion_tokens_details", &outputDetails))
        return false;
    QByteArrayView cached, reasoning;
    if (!memberOf(tree, inputDetails, "cached_tokens", &cached) ||
        !memberOf(tree, outputDetails, "reasoning_tokens", &reasoning))
        return false;
    return intOf(tree.value(input), 0, &c->input) && intOf(tree.value(output), 0, &c->output) &&
           intOf(cached, 0, &c->cached) && intOf(reasoning, 0, &c->reasoning) &&
           intOf(tree.value(total), c->input + c->output, &c->total);
}

// A string member as the answer wrote it when its JSON text is what
// appendJsonString would write for it (raw UTF-8, and only the escapes it
// writes itself: \" \\ \b \f \n \r \t): then the answer written from it has
// the bytes the decoded path writes. A string with \/ or \u escapes is
// decoded (a lone surrogate's escape is refused, left to Qt's parser); a
// value that is no string is empty.
bool textOf(QByteArrayView value, AnswerText *out) {
    if (value.size() < 2 || value.front() != '"') {
        *out = AnswerText();
        return true;
    }
    const char *p = value.data() + 1;
    const char *const end = value.data() + value.size() - 1;
    for (;;) {
        p = static_cast<const char *>(std::memchr(p, '\\', size_t(end - p)));
        if (!p) {
            *out = AnswerText::written(value);
            return true;
        }
        if (p[1] == 'u' || p[1] == '/') break;
        p += 2;  // a well-formed escape: the backslash and one character
    }
    QString decoded;
    if (!stringOf(value, &decoded)) return false;
    *out = AnswerText(std::move(decoded));
    return true;
}

}  // namespace

QString AnswerText::toString() const {
    if (literal_.isEmpty()) return decoded_;
    QString text;
    stringOf(literal_, &text);
    return text;
}

bool chatAnswerFromBytes(const QByteArray &raw, ChatAnswer *answer, QByteArray *message) {
    // One validating pass records the members down to the message's
    // (answer, choices, choice, message: depth 4).
    MemberTree tree;
    if (!tree.scan(raw, 4)) return false;
    int idAt, choicesAt, modelAt, createdAt, usageAt;
    if (!tree.member(-1, "id", &idAt) || !tree.member(-1, "choices", &choicesAt) ||
        !tree.member(-1, "model", &modelAt) || !tree.member(-1, "created", &createdAt) ||
        !tree.member(-1, "usage", &usageAt))
        return false;
    // Exactly one choice, an object.
    const QByteArrayView choices = tree.value(choicesAt);
    if (tree.elements(choicesAt) != 1) return false;
    const QByteArrayView choiceText = trimmed(choices.sliced(1, choices.size() - 2));
    if (choiceText.isEmpty() || choiceText.front() != '{') return false;
    int messageAt, finishAt, indexAt;
    if (!tree.member(choicesAt, 0, "message", &messageAt) ||
        !tree.member(choicesAt, 0, "finish_reason", &finishAt) ||
        !tree.member(choicesAt, 0, "index", &indexAt))
        return false;
    const QByteArrayView messageText = tree.value(messageAt);
    if (messageText.isEmpty() || messageText.front() != '{') return false;
    int contentAt, refusalAt, reasoningAt, toolCallsAt;
    if (!tree.member(messageAt, "content", &contentAt) ||
        !tree.member(messageAt, "refusal", &refusalAt) ||
        !tree.member(messageAt, "reasoning_content", &reasoningAt) ||
        !tree.member(messageAt, "tool_calls", &toolCallsAt))
        return false;
    if (!emptyArray(tree.value(toolCallsAt))) return false;
    const QByteArrayView model = tree.value(modelAt), created = tree.value(createdAt),
                         usage = tree.value(usageAt), finishReason = tree.value(finishAt),
                         content = tree.value(contentAt), refusal = tree.value(refusalAt),
                         reasoning = tree.value(reasoningAt);

    ChatAnswer a;
    const QByteArrayView id = tree.value(idAt);
    a.idIsString = !id.isEmpty() && id.front() == '"';
    if (!intOf(tree.value(indexAt), 0, &a.choiceIndex)) return false;
    if (!textOf(id, &a.id) || !textOf(model, &a.model) ||
        !stringOf(finishReason, &a.finishReason) || !textOf(content, &a.content) ||
        !textOf(refusal, &a.refusal) || !textOf(reasoning, &a.reasoning))
        return false;
    // QJsonValue::toInteger(now): a whole number as it is, anything else now.
    if (!created.isEmpty() &&
        (created.front() == '-' || (created.front() >= '0' && created.front() <= '9'))) {
        // A fraction or an exponent: Qt decides.
        if (created.size() > 15 || !wholeNumber(created, &a.created)) return false;
    } else {
        a.created = nowSeconds();
    }
    if (!usage.isEmpty() && usage.front() == '{') {
        a.hasUsage = true;
        if (!usageOf(tree, usageAt, &a.usage)) return false;
    }
    *answer = std::move(a);
    *message = messageText.toByteArray();
    return true;
}

}  // namespace gatehouse::responses
