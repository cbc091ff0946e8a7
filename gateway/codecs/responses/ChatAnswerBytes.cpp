#include "ChatAnswerBytes.h"

#include "json/JsonValidator.h"

namespace gatehouse::responses {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One object's members by name, from scanJsonObject's spans. Keys written
// with escapes, and repeated keys, are left to Qt's parser (false).
class Members {
public:
    bool scan(const QByteArray &text) {
        text_ = text;
        if (!scanJsonObject(text, &spans_)) return false;
        for (const JsonMemberSpan &m : std::as_const(spans_))
            for (qsizetype i = m.keyBegin + 1; i + 1 < m.keyEnd; ++i)
                if (text.at(i) == '\\') return false;
        return true;
    }
    // The member's value text (empty when absent); false when it repeats.
    bool value(QByteArrayView key, QByteArrayView *out) const {
        *out = {};
        bool found = false;
        for (const JsonMemberSpan &m : spans_) {
            const QByteArrayView name(text_.constData() + m.keyBegin + 1,
                                      m.keyEnd - m.keyBegin - 2);
            if (name != key) continue;
            if (found) return false;
            found = true;
            *out = QByteArrayView(text_.constData() + m.valueBegin, m.valueEnd - m.valueBegin);
        }
        return true;
    }

private:
    QByteArray text_;
    QList<JsonMemberSpan> spans_;
};

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// QJsonValue::toString() of a value's text: a string's decoded text, else
// empty. False for a lone surrogate escape (left to Qt's parser).
bool stringOf(QByteArrayView value, QString *out) {
    out->clear();
    if (value.size() < 2 || value.front() != '"') return true;
    const QByteArrayView inner = value.sliced(1, value.size() - 2);
    qsizetype escape = inner.indexOf('\\');
    if (escape < 0) {
        *out = QString::fromUtf8(inner);
        return true;
    }
    qsizetype from = 0;
    while (escape >= 0) {
        out->append(QString::fromUtf8(inner.sliced(from, escape - from)));
        const char c = inner.at(escape + 1);
        qsizetype next = escape + 2;
        switch (c) {
            case 'b':
                out->append(QChar(u'\b'));
                break;
            case 'f':
                out->append(QChar(u'\f'));
                break;
            case 'n':
                out->append(QChar(u'\n'));
                break;
            case 'r':
                out->append(QChar(u'\r'));
                break;
            case 't':
                out->append(QChar(u'\t'));
                break;
            case 'u': {
                // Well-formed JSON: four hex digits follow.
                char16_t unit = 0;
                for (qsizetype i = 0; i < 4; ++i)
                    unit = char16_t(unit * 16 + hexDigit(inner.at(escape + 2 + i)));
                next = escape + 6;
                if (QChar::isLowSurrogate(unit)) return false;
                if (QChar::isHighSurrogate(unit)) {
                    if (next + 6 > inner.size() || inner.at(next) != '\\' ||
                        inner.at(next + 1) != 'u')
                        return false;
                    char16_t low = 0;
                    for (qsizetype i = 0; i < 4; ++i)
                        low = char16_t(low * 16 + hexDigit(inner.at(next + 2 + i)));
                    if (!QChar::isLowSurrogate(low)) return false;
                    out->append(QChar(unit));
                    unit = low;
                    next += 6;
                }
                out->append(QChar(unit));
                break;
            }
            default:
                out->append(QLatin1Char(c));
                break;  // " \ /
        }
        from = next;
        escape = inner.indexOf('\\', from);
    }
    out->append(QString::fromUtf8(inner.sliced(from)));
    return true;
}

// An object value's own text, without the whitespace JSON allows around it.
QByteArrayView trimmed(QByteArrayView v) {
    while (!v.isEmpty() && isSpace(v.front())) v = v.sliced(1);
    while (!v.isEmpty() && isSpace(v.back())) v.chop(1);
    return v;
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
