#include "RawAnswerUsage.h"

namespace gatehouse {

QByteArray usageJsonInRawAnswer(const QByteArray &raw) {
    qsizetype key = raw.lastIndexOf("\"usage\"");
    if (key < 0) key = raw.lastIndexOf("\"usageMetadata\"");  // Gemini's
    if (key < 0) return {};
    const qsizetype open = raw.indexOf('{', key);
    if (open < 0) return {};
    int depth = 0;
    for (qsizetype i = open; i < raw.size(); ++i) {
        if (raw[i] == '{') ++depth;
        if (raw[i] == '}' && --depth == 0) return raw.mid(open, i - open + 1);
    }
    return {};
}

}  // namespace gatehouse
