#include "BundledPlugins.h"

#include <QCoreApplication>
#include <QDir>

namespace gatehouse {

QStringList bundledPluginDirectories() {
    // GATEHOUSE_PLUGIN_DIR_FROM_BIN: the install rules' plugin directory
    // relative to their bin directory (app/CMakeLists.txt).
    const QDir bin(QCoreApplication::applicationDirPath());
    return {QDir::cleanPath(bin.absoluteFilePath(QStringLiteral(GATEHOUSE_PLUGIN_DIR_FROM_BIN)))};
}

}  // namespace gatehouse
