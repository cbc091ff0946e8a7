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

// The members of the object whose text is `object` (well-formed JSON),
// each handed to `visit(key, value)` in order, the value's text without
// the space around it. False when `object` is no object, for a key
// written with an escape (left to Qt's parser), or when `visit` says so.
template <typename Visit>
bool readObject(QByteArrayView object, Visit &&visit) {
    const char *p = object.data(), *const end = p + object.size();
    if (p >= end || *p != '{') return false;
    p = skipSpace(p + 1, end);
    if (p < end && *p == '}') return true;
    while (p < end && *p == '"') {
        const char *const keyBegin = p + 1;
        p = skipString(p, end);
        const QByteArrayView key(keyBegin, p - 1 - keyBegin);
        if (std::memchr(key.data(), '\\', size_t(key.size()))) return false;
        p = skipSpace(p, end);
        if (p >= end || *p != ':') return false;
        p = skipSpace(p + 1, end);
        const char *const valueBegin = p;
        p = skipValue(p, end);
        if (!visit(key, QByteArrayView(valueBegin, p - valueBegin))) return false;
        p = skipSpace(p, end);
        if (p >= end) return false;
        if (*p == '}') return true;
        if (*p != ',') return false;
        p = skipSpace(p + 1, end);
    }
    return false;
}

// `value` into `slot` when `key` is `name`; false when it is there twice
// (which one counts is Qt's parser's call).
template <std::size_t N>
bool take(QByteArrayView key, const char (&name)[N], QByteArrayView value, QByteArrayView *slot,
          bool *taken) {
    if (*taken || key.size() != qsizetype(N - 1) || std::memcmp(key.data(), name, N - 1) != 0)
        return true;
    *taken = true;
    if (!slot->isNull()) return false;
    *slot = value;
    return true;
}

// One member of an object value (empty when the value is no object).
bool memberOf(QByteArrayView object, const char *name, QByteArrayView *out) {
    *out = {};
    if (object.isEmpty() || object.front() != '{') return true;
    const QByteArrayView wanted(name);
    return readObject(object, [&](QByteArrayView key, QByteArrayView value) {
        if (key != wanted) return true;
        if (!out->isNull()) return false;
        *out = value;
        return true;
    });
}

// usageCounts() of a usage object's text.
bool usageOf(QByteArrayView usage, UsageCounts *c) {
    QByteArrayView input, output, total, inputDetails, outputDetails;
    const bool read = readObject(usage, [&](QByteArrayView key, QByteArrayView value) {
        bool taken = false;
        return take(key, "prompt_tokens", value, &input, &taken) &&
               take(key, "completion_tokens", value, &output, &taken) &&
               take(key, "total_tokens", value, &total, &taken) &&
               take(key, "prompt_tokens_details", value, &inputDetails, &taken) &&
               take(key, "completion_tokens_details", value, &outputDetails, &taken);
    });
    QByteArrayView cached, reasoning;
    if (!read || !memberOf(inputDetails, "cached_tokens", &cached) ||
        !memberOf(outputDetails, "reasoning_tokens", &reasoning))
        return false;
    return intOf(input, 0, &c->input) && intOf(output, 0, &c->output) &&
           intOf(cached, 0, &c->cached) && intOf(reasoning, 0, &c->reasoning) &&
           intOf(total, c->input + c->output, &c->total);
}

// The one element of an array value, an object; empty for anything else.
QByteArrayView onlyObjectOf(QByteArrayView array) {
    if (array.isEmpty() || array.front() != '[') return {};
    const char *const end = array.data() + array.size();
    const char *p = skipSpace(array.data() + 1, end);
    if (p >= end || *p != '{') return {};
    const char *const element = p;
    p = skipValue(p, end);
    const QByteArrayView object(element, p - element);
    p = skipSpace(p, end);
    return p < end && *p == ']' ? object : QByteArrayView();
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
    // One pass over the members it reads, the rest stepped over: the bytes
    // were validated when they arrived (a tree of every member and a
    // second validation cost ~6k instructions an answer; callgrind).
    QByteArrayView id, choices, model, created, usage;
    const QByteArrayView text = trimmed(QByteArrayView(raw.constData(), raw.size()));
    if (!readObject(text, [&](QByteArrayView key, QByteArrayView value) {
            bool taken = false;
            return take(key, "id", value, &id, &taken) &&
                   take(key, "choices", value, &choices, &taken) &&
                   take(key, "model", value, &model, &taken) &&
                   take(key, "created", value, &created, &taken) &&
                   take(key, "usage", value, &usage, &taken);
        }))
        return false;
    // Exactly one choice, an object.
    const QByteArrayView choice = onlyObjectOf(choices);
    if (choice.isEmpty()) return false;
    QByteArrayView messageText, finishReason, index;
    if (!readObject(choice, [&](QByteArrayView key, QByteArrayView value) {
            bool taken = false;
            return take(key, "message", value, &messageText, &taken) &&
                   take(key, "finish_reason", value, &finishReason, &taken) &&
                   take(key, "index", value, &index, &taken);
        }))
        return false;
    if (messageText.isEmpty() || messageText.front() != '{') return false;
    QByteArrayView content, refusal, reasoning, toolCalls;
    if (!readObject(messageText, [&](QByteArrayView key, QByteArrayView value) {
            bool taken = false;
            return take(key, "content", value, &content, &taken) &&
                   take(key, "refusal", value, &refusal, &taken) &&
                   take(key, "reasoning_content", value, &reasoning, &taken) &&
                   take(key, "tool_calls", value, &toolCalls, &taken);
        }))
        return false;
    if (!emptyArray(toolCalls)) return false;

    ChatAnswer a;
    a.idIsString = !id.isEmpty() && id.front() == '"';
    if (!intOf(index, 0, &a.choiceIndex)) return false;
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
        if (!usageOf(usage, &a.usage)) return false;
    }
    *answer = std::move(a);
    *message = messageText.toByteArray();
    return true;
}

}  // namespace gatehouse::responses
