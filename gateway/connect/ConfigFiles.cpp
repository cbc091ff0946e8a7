#include "ConfigFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace gatehouse::ConfigFiles {

bool read(const QString &path, QByteArray *bytes, QString *error) {
    bytes->clear();
    QFile file(path);
    if (!file.exists()) return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    *bytes = file.readAll();
    return true;
}

bool readJsonObject(const QString &path, QJsonObject *object, QString *error) {
    QByteArray bytes;
    if (!read(path, &bytes, error)) return false;
    *object = QJsonObject();
    if (bytes.trimmed().isEmpty()) return true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral(
                     "%1 is not valid JSON (%2 at byte %3); fix it first, nothing "
                     "was changed")
                     .arg(path, parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object; nothing was changed").arg(path);
        return false;
    }
    *object = doc.object();
    return true;
}

QByteArray jsonBytes(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error) {
    const QFileInfo info(path);
    const bool existed = info.exists();
    const QFileDevice::Permissions permissions =
        existed ? QFile::permissions(path) : (QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    // The mode is set on the temporary copy before anything is written; the
    // rename keeps it.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(permissions) ||
        file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace gatehouse::ConfigFiles
