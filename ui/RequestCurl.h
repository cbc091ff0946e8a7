#pragma once

#include <QJsonValue>
#include <QString>

namespace gatehouse {

// A curl command that sends `body` to `baseUrl + endpoint` again, quoted for
// a POSIX shell.
QString curlCommand(const QString &baseUrl, const QString &endpoint, const QJsonValue &body);

}  // namespace gatehouse
