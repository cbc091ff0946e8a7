#pragma once

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QByteArrayView>
#include <QString>

namespace gatehouse::responses {

// A string of a provider's answer that a codec writes into its own answer:
// decoded (read from a QJsonObject), or as the answer's JSON wrote it (read
// from its bytes: the string literal with its quotes, a view into those
// bytes, valid while they live). Written as it was, such a string costs a
// copy instead of a decoding into UTF-16 and an escaping back (callgrind: a
// translated answer spent ~3k instructions a request on that round trip).
// The writer's JSON means the same text; only escapes JSON lets one write
// either way may differ (`\/` stays `\/`).
class AnswerText {
public:
    AnswerText() = default;
    AnswerText(QString decoded) : decoded_(std::move(decoded)) {}  // NOLINT: a QString is one
    static AnswerText written(QByteArrayView literal) {
        AnswerText t;
        t.literal_ = literal;
        return t;
    }

    bool isEmpty() const { return literal_.isEmpty() ? decoded_.isEmpty() : literal_.size() <= 2; }
    // The text as a JSON string (quotes included).
    void appendJsonTo(QByteArray &out) const {
        if (literal_.isEmpty())
            appendJsonString(out, decoded_);
        else
            appendBytes(out, literal_);
    }
    // The text itself (decodes a written literal: for the rare reader that
    // needs it, and for tests).
    QString toString() const;
    // Its length in UTF-8 bytes at most, for reserving room.
    qsizetype sizeHint() const {
        return literal_.isEmpty() ? 3 * decoded_.size() + 2 : literal_.size();
    }

private:
    QString decoded_;
    QByteArrayView literal_;
};

}  // namespace gatehouse::responses
