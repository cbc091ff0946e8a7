#include "RequestCurl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {
// Single quotes keep everything literal; a quote inside becomes '\''.
QString shellQuoted(const QString &text) {
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}
}  // namespace

QString curlCommand(const QString &baseUrl, const QString &endpoint, const QJsonValue &body) {
    QString command = QStringLiteral("curl -s %1").arg(shellQuoted(baseUrl + endpoint));
    if (body.isObject() || body.isArray()) {
        const QByteArray json = body.isObject()
                                    ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
                                    : QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        command += QStringLiteral(" \\\n  -H 'Content-Type: application/json' \\\n  -d %1")
                       .arg(shellQuoted(QString::fromUtf8(json)));
    } else if (body.isString()) {
        command += QStringLiteral(" \\\n  -d %1").arg(shellQuoted(body.toString()));
    }
    return command;
}

}  // namespace gatehouse
