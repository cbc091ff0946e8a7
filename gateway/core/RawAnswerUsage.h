#pragma once

#include <QByteArray>

namespace gatehouse {

// The "usage" object (Gemini's "usageMetadata") of an answer passed through
// as raw bytes, without parsing the whole answer, which may be large, just
// for it: its JSON text (for tokenCountsOfJson). Empty when there is none.
// The result shares `raw`'s bytes (QByteArray::fromRawData): it must not
// outlive `raw`.
QByteArray usageJsonInRawAnswer(const QByteArray &raw);

}  // namespace gatehouse
