#pragma once

#include "JsonSkip.h"
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

// The end of the value that starts at `at` in well-formed JSON text.
qsizetype valueEnd(QByteArrayView text, qsizetype at);
// QJsonValue::toString() of a value's text: a string's decoded text, else
// empty. False for a lone surrogate escape (left to Qt's parser).
bool stringOf(QByteArrayView value, QString *out);
// An object value's own text, without the whitespace JSON allows around it.
QByteArrayView trimmed(QByteArrayView v);

}  // namespace gatehouse::responses
