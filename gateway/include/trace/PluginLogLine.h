#pragma once

#include <QDateTime>
#include <QString>

namespace gatehouse {

// One line of a plugin's log: from PluginHost::log, from qDebug()/qInfo()/
// qWarning() inside its hooks, init() or cleanup(), or written by the host
// about it (load errors, hook exceptions, hookError strings). Kept by the
// plugin host (plugins/PluginLog.h), the request log and its live feed.
struct PluginLogLine {
    qint64 id = 0;  // increases over all plugins: "everything after id N"
    QDateTime time;
    QString plugin;  // the config entry's name
    QString level;   // "debug", "info", "warning" or "error"
    QString message;
    QString requestId;  // when written during a hook call
    QString hook;       // "preHook", ..., "init", "cleanup", or empty
};

}  // namespace gatehouse
