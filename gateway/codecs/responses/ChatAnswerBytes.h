#pragma once

#include "ResponseWriter.h"

#include <QByteArray>

namespace gatehouse::responses {

// A provider's chat completion, as bytes already checked to be well-formed
// JSON (ProviderCallbacks' `raw`), read into the parts a Responses answer is
// written from without building a QJsonDocument: Qt 6.4's parser and the
// QJsonObject look-ups cost more than writing the whole answer (callgrind).
// Reads the common shape, one choice whose message has no tool calls, with
// exactly QJsonValue's conversions (a non-string where a string is read is
// empty, a missing "created" is now); false for any other shape, and the
// caller parses the bytes as before. `message` receives the message
// object's own text (a view into `raw`): the conversation's next message, as it is. The
// answer's strings are mostly views into `raw` (AnswerText): `raw` must
// outlive `answer`.
bool chatAnswerFromBytes(const QByteArray &raw, ChatAnswer *answer, QByteArrayView *message);

}  // namespace gatehouse::responses
