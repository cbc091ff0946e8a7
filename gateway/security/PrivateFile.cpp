#include "PrivateFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace gatehouse {
namespace PrivateFile {

namespace {
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerDirectory =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions kGroupOrOthers =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
    QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
}  // namespace

bool write(const QString &path, const QByteArray &content, QString *error) {
    const QString directory = QFileInfo(path).absolutePath();
    if (!QDir(directory).exists()) {
        if (!QDir().mkpath(directory)) {
            *error = QStringLiteral(
                         "cannot create the directory %1: check its parent's "
                         "permissions and free space")
                         .arg(directory);
            return false;
        }
        // Only the directory we create: an existing one is the user's choice.
        QFile::setPermissions(directory, kOwnerDirectory);
    }
    QSaveFile file(path);
    // QSaveFile creates its temporary copy with the usual 0666 & ~umask;
    // restricting it before the first write keeps the content private
    // throughout, and the rename keeps the mode.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly) ||
        file.write(content) != content.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2 — check the permissions of %3 and free space")
                     .arg(path, file.errorString(), directory);
        return false;
    }
    if (!QFile::setPermissions(path, kOwnerOnly)) {
        *error = QStringLiteral("cannot make %1 private (mode 0600): check who owns it").arg(path);
        return false;
    }
    return true;
}

bool makePrivate(const QString &path, QString *error) {
    if (!QFileInfo::exists(path) && !write(path, QByteArray(), error)) return false;
    if (!QFile::setPermissions(path, kOwnerOnly)) {
        *error = QStringLiteral("cannot make %1 private (mode 0600): check who owns it").arg(path);
        return false;
    }
    return true;
}

bool isPrivate(const QString &path) {
    const QFileInfo info(path);
    return info.exists() && (info.permissions() & kGroupOrOthers) == 0;
}

}  // namespace PrivateFile
}  // namespace gatehouse
