#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse {

// The verdict on a config text typed in the editor: the object to apply,
// or the first problem and the line (1-based) it is on.
struct ConfigCheck {
    bool ok = false;
    QJsonObject config;
    int line = 0;  // 0: no particular line
    QString message;
};

// Parses `text` as one JSON object and validates it against the plugin's
// configSchema. A parse error names its line and column; a schema problem
// names the setting and the line it is on.
ConfigCheck checkPluginConfig(const QString &text, const QJsonObject &schema);

}  // namespace gatehouse
