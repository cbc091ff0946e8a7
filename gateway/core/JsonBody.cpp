#include "JsonBody.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace gatehouse {

void lineAndColumn(const QByteArray &text, int offset, int *line, int *column) {
    *line = 1;
    *column = 1;
    const int end = qMin(offset, int(text.size()));
    for (int i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++*line;
            *column = 1;
        } else {
            ++*column;
        }
    }
}

bool parseJsonObjectBody(const QByteArray &body, QJsonObject *out, GatewayError *error) {
    if (body.trimmed().isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("empty_body"),
            QStringLiteral("The request body is empty; send a JSON object."));
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        int line = 0;
        int column = 0;
        lineAndColumn(body, parseError.offset, &line, &column);
        *error = GatewayError::invalidRequest(
            QStringLiteral("invalid_json"),
            QStringLiteral("Malformed JSON in the request body at line %1, column %2: %3")
                .arg(line)
                .arg(column)
                .arg(parseError.errorString()));
        return false;
    }
    if (!doc.isObject()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("invalid_json"),
            QStringLiteral("The request body must be a JSON object, not %1.")
                .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
        return false;
    }
    *out = doc.object();
    return true;
}

}  // namespace gatehouse
