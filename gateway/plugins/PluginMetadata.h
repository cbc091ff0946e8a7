#pragma once

#include "plugins/PluginHook.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

// A plugin's metadata: Qt's part (IID, class, Qt version) and plugin.json
// (the "MetaData" object), read from the library's ELF note by
// QPluginLoader::metaData() without running any plugin code, and checked
// field by field with one precise message per problem.
struct PluginMetadata {
    QString iid;
    QString className;
    int qtVersion = 0;  // QT_VERSION encoding

    // plugin.json
    QString name;
    QString version;  // the plugin's own version ("1.2.0")
    QString description;
    int apiVersion = 0;
    QStringList hooks;  // as declared; empty when "hooks" is absent
    PluginHookMask hookMask = kAllPluginHooks;
    QJsonObject configSchema;

    // Reads and checks the library at `path`. `shownPath` is the file named in
    // messages (the configured path, when `path` is its shadow copy).
    static std::optional<PluginMetadata> read(const QString &path, const QString &shownPath,
                                              QString *error);
    // Checks Qt's metadata object (as returned by QPluginLoader::metaData()).
    static std::optional<PluginMetadata> fromQtMetaData(const QJsonObject &qt,
                                                        const QString &shownPath, QString *error);
};

}  // namespace gatehouse
