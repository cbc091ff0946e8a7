// The header-policy config, parsed and checked once in init(); read-only
// after, so concurrent hooks share it without locks.
#pragma once

#include <gatehouse/plugin.h>

#include <QJsonObject>
#include <QStringList>

namespace gatehouse::headerpolicy {

struct HeaderPolicy {
    PluginHeaders addHeaders;                            // name as written, value
    QList<QByteArray> removeHeaders;                     // lower-case names
    QList<QPair<QByteArray, QByteArray>> renameHeaders;  // lower-case old name, new name
    QJsonObject setBodyFields;
    QJsonObject defaultBodyFields;
    QStringList removeBodyFields;
};

// False with *error naming the offending field (e.g. "add_headers.x bad: ...").
// A name may appear in only one of add/remove/rename (old name), and a body
// field in only one of set/default/remove: otherwise one silently undoes
// the other.
bool parseHeaderPolicy(const QJsonObject &json, HeaderPolicy *policy, QString *error);

}  // namespace gatehouse::headerpolicy
