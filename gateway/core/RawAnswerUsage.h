#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace gatehouse {

// The "usage" object (Gemini's "usageMetadata") of an answer passed through
// as raw bytes, without parsing the whole answer, which may be large, just
// for it. Empty when there is none.
QJsonObject usageInRawAnswer(const QByteArray &raw);

}  // namespace gatehouse
