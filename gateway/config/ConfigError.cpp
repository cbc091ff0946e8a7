#include "config/ConfigError.h"

#include <QStringList>

namespace gatehouse {

QString ConfigError::toString() const {
    QString where = file;
    // A line without a file still helps (e.g. JSON pasted into the panel).
    if (line > 0) {
        where += (where.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(line);
        if (column > 0) where += QLatin1Char(':') + QString::number(column);
    }
    QStringList parts;
    if (!where.isEmpty()) parts << where;
    if (!path.isEmpty()) parts << path;
    parts << message;
    return parts.join(QStringLiteral(": "));
}

}  // namespace gatehouse
