#pragma once

#include "json/JsonValidator.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// Reading JSON text from the strict validator's spans (scanJsonObject)
// without a QJsonDocument, for the Responses codec's byte paths.
namespace gatehouse::responses {

// One object's members by name, from scanJsonObject's spans. Keys written
// with escapes, and repeated keys, are left to Qt's parser (false).
class Members {
public:
    bool scan(const QByteArray &text);
    // scan() of text known to be well-formed (a value inside a validated
    // document): lists the members without validating again, several
    // times faster. Malformed text gives wrong members, never a read out of
    // bounds.
    bool scanTrusted(const QByteArray &text);
    // The member's value text (empty when absent); false when it repeats.
    bool value(QByteArrayView key, QByteArrayView *out) const;
    // The members in order, for readers that refuse unknown keys.
    const QList<JsonMemberSpan> &spans() const { return spans_; }
    // A member's key (without its quotes) and value text.
    QByteArrayView keyOf(const JsonMemberSpan &s) const {
        return QByteArrayView(text_.constData() + s.keyBegin + 1, s.keyEnd - s.keyBegin - 2);
    }
    QByteArrayView valueOf(const JsonMemberSpan &s) const {
        return QByteArrayView(text_.constData() + s.valueBegin, s.valueEnd - s.valueBegin);
    }
    const QByteArray &text() const { return text_; }

private:
    QByteArray text_;
    QList<JsonMemberSpan> spans_;
};

// The members of an object's nested objects by name, from one
// scanJsonTree pass over the whole text (validating it once, not once per
// level). A key written with an escape anywhere in the recorded depth is
// left to Qt's parser (scan() false); so is a repeated key (member() false).
class MemberTree {
public:
    bool scan(const QByteArray &text, int depth);
    // `key` of the object that is `parent`'s value (-1: the outer object)
    // or, with `element` >= 0, that element of `parent`'s array value.
    // *index is -1 when the object has no such member.
    bool member(int parent, int element, QByteArrayView key, int *index) const;
    bool member(int parent, QByteArrayView key, int *index) const {
        return member(parent, -1, key, index);
    }
    // A member's value text (empty for -1).
    QByteArrayView value(int index) const;
    // How many elements a member's array value has (-1: not an array).
    int elements(int index) const { return index < 0 ? -1 : members_[size_t(index)].elements; }

private:
    QByteArray text_;
    std::vector<JsonTreeMember> members_;
};

bool isSpace(char c);
// The end of the value that starts at `at` in well-formed JSON text.
qsizetype valueEnd(QByteArrayView text, qsizetype at);
// QJsonValue::toString() of a value's text: a string's decoded text, else
// empty. False for a lone surrogate escape (left to Qt's parser).
bool stringOf(QByteArrayView value, QString *out);
// An object value's own text, without the whitespace JSON allows around it.
QByteArrayView trimmed(QByteArrayView v);

}  // namespace gatehouse::responses
