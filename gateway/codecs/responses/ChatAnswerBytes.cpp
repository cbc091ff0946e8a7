#include "ChatAnswerBytes.h"

#include "JsonMembers.h"
#include "JsonText.h"

#include <charconv>
#include <cstring>
#include <utility>

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

// Reads the object that starts at `p` (well-formed JSON) in one pass:
// `visit(key, value, end)` gets each member's value where it starts and
// returns where it ends, having read it or stepped over it (nullptr: the
// answer is refused). Returns the object's end; nullptr when `p` is no
// object or for a key written with an escape (left to Qt's parser).
template <typename Visit>
const char *readObject(const char *p, const char *end, Visit &&visit) {
    if (p >= end || *p != '{') return nullptr;
    p = skipSpace(p + 1, end);
    if (p < end && *p == '}') return p + 1;
    while (p < end && *p == '"') {
        const char *const keyBegin = p + 1;
        p = skipString(p, end);
        const QByteArrayView key(keyBegin, p - 1 - keyBegin);
        if (std::memchr(key.data(), '\\', size_t(key.size()))) return nullptr;
        p = skipSpace(p, end);
        if (p >= end || *p != ':') return nullptr;
        p = visit(key, skipSpace(p + 1, end), end);
        if (!p) return nullptr;
        p = skipSpace(p, end);
        if (p >= end) return nullptr;
        if (*p == '}') return p + 1;
        if (*p != ',') return nullptr;
        p = skipSpace(p + 1, end);
    }
    return nullptr;
}

// The value at `p` kept in `slot`; nullptr when it is the member's second
// (which one counts is Qt's parser's call).
const char *keep(const char *p, const char *end, QByteArrayView *slot) {
    if (!slot->isNull()) return nullptr;
    const char *const valueEnd = skipValue(p, end);
    *slot = QByteArrayView(p, valueEnd - p);
    return valueEnd;
}

// An object member read in place by `visit` (a value that is no object
// stepped over); nullptr for the member's second.
template <typename Visit>
const char *objectOrSkip(const char *p, const char *end, bool *seen, Visit &&visit) {
    if (std::exchange(*seen, true)) return nullptr;
    return p < end && *p == '{' ? readObject(p, end, visit) : skipValue(p, end);
}

// The members of a chat completion the codecs' answers are written from,
// as text (views into the answer).
struct AnswerMembers {
    QByteArrayView id, model, created, message, finishReason, index;
    QByteArrayView content, refusal, reasoning, toolCalls;
    QByteArrayView input, output, total, cached, reasoningTokens;
    bool choices = false, usage = false, usageObject = false;
    bool inputDetails = false, outputDetails = false;
};

const char *readMessage(const char *p, const char *end, AnswerMembers *m) {
    if (!m->message.isNull() || p >= end || *p != '{') return nullptr;
    const char *const messageEnd =
        readObject(p, end, [m](QByteArrayView key, const char *v, const char *e) -> const char * {
            if (isKey(key, "content")) return keep(v, e, &m->content);
            if (isKey(key, "refusal")) return keep(v, e, &m->refusal);
            if (isKey(key, "reasoning_content")) return keep(v, e, &m->reasoning);
            if (isKey(key, "tool_calls")) return keep(v, e, &m->toolCalls);
            return skipValue(v, e);
        });
    if (messageEnd) m->message = QByteArrayView(p, messageEnd - p);
    return messageEnd;
}

// Exactly one choice, an object.
const char *readChoices(const char *p, const char *end, AnswerMembers *m) {
    if (std::exchange(m->choices, true) || p >= end || *p != '[') return nullptr;
    p = skipSpace(p + 1, end);
    p = readObject(p, end, [m](QByteArrayView key, const char *v, const char *e) -> const char * {
        if (isKey(key, "message")) return readMessage(v, e, m);
        if (isKey(key, "finish_reason")) return keep(v, e, &m->finishReason);
        if (isKey(key, "index")) return keep(v, e, &m->index);
        return skipValue(v, e);
    });
    if (!p) return nullptr;
    p = skipSpace(p, end);
    return p < end && *p == ']' ? p + 1 : nullptr;
}

const char *readUsage(const char *p, const char *end, AnswerMembers *m) {
    if (std::exchange(m->usage, true)) return nullptr;
    if (p >= end || *p != '{') return skipValue(p, end);  // null: no usage
    m->usageObject = true;
    return readObject(
        p, end, [m](QByteArrayView key, const char *v, const char *e) -> const char * {
            if (isKey(key, "prompt_tokens")) return keep(v, e, &m->input);
            if (isKey(key, "completion_tokens")) return keep(v, e, &m->output);
            if (isKey(key, "total_tokens")) return keep(v, e, &m->total);
            if (isKey(key, "prompt_tokens_details"))
                return objectOrSkip(v, e, &m->inputDetails,
                                    [m](QByteArrayView k, const char *dv, const char *de) {
                                        return isKey(k, "cached_tokens") ? keep(dv, de, &m->cached)
                                                                         : skipValue(dv, de);
                                    });
            if (isKey(key, "completion_tokens_details"))
                return objectOrSkip(
                    v, e, &m->outputDetails, [m](QByteArrayView k, const char *dv, const char *de) {
                        return isKey(k, "reasoning_tokens") ? keep(dv, de, &m->reasoningTokens)
                                                            : skipValue(dv, de);
                    });
            return skipValue(v, e);
        });
}

// A string member as the answer wrote it when its JSON text is what
// appendJsonString would write for it (raw UTF-8, and only the escapes it
// writes itself: \" \\ \b \f \n \r \t): then the answer written from it has
// the bytes the decoded path writes. A string with \/ or \u escapes is
// decoded (a lone surrogate's escape is refused, left to Qt's parser); a
// value that is no string is empty.
bool answerTextOf(QByteArrayView value, AnswerText *out) {
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

// finish_reason as QJsonValue::toString() gives it: chat's own values as
// static strings (no allocation, no decoding), anything else decoded.
bool finishReasonOf(QByteArrayView value, QString *out) {
    if (value == "\"stop\"") {
        *out = QStringLiteral("stop");
    } else if (value == "\"length\"") {
        *out = QStringLiteral("length");
    } else if (value == "\"tool_calls\"") {
        *out = QStringLiteral("tool_calls");
    } else if (value == "\"content_filter\"") {
        *out = QStringLiteral("content_filter");
    } else {
        return stringOf(value, out);
    }
    return true;
}

}  // namespace

QString AnswerText::toString() const {
    if (literal_.isEmpty()) return decoded_;
    QString text;
    stringOf(literal_, &text);
    return text;
}

bool chatAnswerFromBytes(const QByteArray &raw, ChatAnswer *answer, QByteArrayView *message) {
    // One pass over the answer, reading in place the members the codecs
    // use and stepping over the rest: the bytes were validated when they
    // arrived (a tree of every member, looked up afterwards, and a second
    // validation cost ~6k instructions an answer; callgrind).
    AnswerMembers m;
    const char *const end = raw.constData() + raw.size();
    const char *const objectEnd =
        readObject(skipSpace(raw.constData(), end), end,
                   [&m](QByteArrayView key, const char *v, const char *e) -> const char * {
                       if (isKey(key, "id")) return keep(v, e, &m.id);
                       if (isKey(key, "choices")) return readChoices(v, e, &m);
                       if (isKey(key, "model")) return keep(v, e, &m.model);
                       if (isKey(key, "created")) return keep(v, e, &m.created);
                       if (isKey(key, "usage")) return readUsage(v, e, &m);
                       return skipValue(v, e);
                   });
    if (!objectEnd || !m.choices || m.message.isNull() || !emptyArray(m.toolCalls)) return false;

    ChatAnswer a;
    a.idIsString = !m.id.isEmpty() && m.id.front() == '"';
    if (!intOf(m.index, 0, &a.choiceIndex)) return false;
    if (!answerTextOf(m.id, &a.id) || !answerTextOf(m.model, &a.model) ||
        !finishReasonOf(m.finishReason, &a.finishReason) || !answerTextOf(m.content, &a.content) ||
        !answerTextOf(m.refusal, &a.refusal) || !answerTextOf(m.reasoning, &a.reasoning))
        return false;
    // QJsonValue::toInteger(now): a whole number as it is, anything else now.
    const QByteArrayView created = m.created;
    if (!created.isEmpty() &&
        (created.front() == '-' || (created.front() >= '0' && created.front() <= '9'))) {
        // A fraction or an exponent: Qt decides.
        if (created.size() > 15 || !wholeNumber(created, &a.created)) return false;
    } else {
        a.created = nowSeconds();
    }
    if (m.usageObject) {
        a.hasUsage = true;
        UsageCounts &c = a.usage;
        if (!intOf(m.input, 0, &c.input) || !intOf(m.output, 0, &c.output) ||
            !intOf(m.cached, 0, &c.cached) || !intOf(m.reasoningTokens, 0, &c.reasoning) ||
            !intOf(m.total, c.input + c.output, &c.total))
            return false;
    }
    *answer = std::move(a);
    *message = m.message;
    return true;
}

}  // namespace gatehouse::responses
