#include "UserConfig.h"

#include "config/ConfigLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace gatehouse {

namespace {
QString configDirectory() {
    // No organisation name is set, so this is $XDG_CONFIG_HOME/gatehouse.
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}
}  // namespace

bool ensureUserConfig(UserConfig *out, QString *error) {
    const QString dir = configDirectory();
    if (dir.isEmpty()) {
        *error = QStringLiteral(
            "no home directory to keep config.json in: set HOME or "
            "XDG_CONFIG_HOME, or start with --config <file>");
        return false;
    }
    out->path = QDir(dir).filePath(QStringLiteral("config.json"));
    out->created = false;
    if (QFileInfo::exists(out->path)) return true;

    QFile defaults(QString::fromLatin1(ConfigLoader::kDefaultResource));
    if (!defaults.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the default config is missing from this build: %1")
                     .arg(defaults.errorString());
        return false;
    }
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral(
                     "cannot create %1: check its parent's permissions, or start "
                     "with --config <file>")
                     .arg(dir);
        return false;
    }
    // Owner-only from the start: the file is where API keys go.
    QSaveFile file(out->path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(defaults.readAll()) < 0 || !file.commit()) {
        *error = QStringLiteral(
                     "cannot write %1: %2 — check the directory's permissions and "
                     "free space, or start with --config <file>")
                     .arg(out->path, file.errorString());
        return false;
    }
    out->created = true;
    return true;
}

}  // namespace gatehouse
