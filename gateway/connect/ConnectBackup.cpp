#include "ConnectBackup.h"

#include "ConfigFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse {

namespace {

const char kManifest[] = "manifest.json";

struct Entry {
    QString path;
    bool existed = false;
    QString copy;  // file name in the backup folder
    int mode = 0;  // its permission bits (QFileDevice::Permissions)
    // The folders writing it will create, deepest first: Undo removes them
    // again (when empty), so the agent does not look installed afterwards.
    QStringList createdDirs;
};

QList<Entry> readManifest(const QString &dir) {
    QList<Entry> entries;
    QJsonObject manifest;
    QString ignored;
    if (!ConfigFiles::readJsonObject(dir + QLatin1Char('/') + QLatin1String(kManifest), &manifest,
                                     &ignored))
        return entries;
    for (const QJsonValue &v : manifest.value(QLatin1String("files")).toArray()) {
        const QJsonObject o = v.toObject();
        Entry e;
        e.path = o.value(QLatin1String("path")).toString();
        e.existed = o.value(QLatin1String("existed")).toBool();
        e.copy = o.value(QLatin1String("copy")).toString();
        e.mode = o.value(QLatin1String("mode")).toInt();
        e.createdDirs = o.value(QLatin1String("created_dirs")).toVariant().toStringList();
        entries.append(e);
    }
    return entries;
}

bool writeManifest(const QString &dir, const QList<Entry> &entries, QString *error) {
    QJsonArray files;
    for (const Entry &e : entries)
        files.append(QJsonObject{
            {QStringLiteral("path"), e.path},
            {QStringLiteral("existed"), e.existed},
            {QStringLiteral("copy"), e.copy},
            {QStringLiteral("mode"), e.mode},
            {QStringLiteral("created_dirs"), QJsonArray::fromStringList(e.createdDirs)}});
    return ConfigFiles::writeAtomically(dir + QLatin1Char('/') + QLatin1String(kManifest),
                                        ConfigFiles::jsonBytes({{QStringLiteral("files"), files}}),
                                        error);
}

}  // namespace

ConnectBackup::ConnectBackup(const QString &agentId)
    : dir_(rootDirectory() + QLatin1Char('/') + agentId) {}

QString ConnectBackup::rootDirectory() {
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty() || !QDir::isAbsolutePath(state))
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/gatehouse/connect");
}

bool ConnectBackup::exists() const {
    return !readManifest(dir_).isEmpty();
}

QStringList ConnectBackup::files() const {
    QStringList paths;
    for (const Entry &e : readManifest(dir_)) paths << e.path;
    return paths;
}

bool ConnectBackup::original(const QString &path, QByteArray *bytes) const {
    for (const Entry &e : readManifest(dir_)) {
        if (e.path != path) continue;
        bytes->clear();
        QString ignored;
        return !e.existed || ConfigFiles::read(dir_ + QLatin1Char('/') + e.copy, bytes, &ignored);
    }
    return false;
}

bool ConnectBackup::save(const QString &path, QString *error) {
    QList<Entry> entries = readManifest(dir_);
    for (const Entry &e : entries)
        if (e.path == path) return true;  // the original is kept, never our own edit
    Entry entry;
    entry.path = path;
    entry.existed = QFile::exists(path);
    for (QString dir = QFileInfo(path).absolutePath(); !QFileInfo::exists(dir);
         dir = QFileInfo(dir).absolutePath())
        entry.createdDirs.append(dir);
    if (entry.existed) {
        QByteArray bytes;
        if (!ConfigFiles::read(path, &bytes, error)) return false;
        entry.mode = int(QFile::permissions(path));
        entry.copy = QStringLiteral("%1-%2").arg(entries.size()).arg(QFileInfo(path).fileName());
        if (!ConfigFiles::writeAtomically(dir_ + QLatin1Char('/') + entry.copy, bytes, error))
            return false;
    }
    entries.append(entry);
    return writeManifest(dir_, entries, error);
}

bool ConnectBackup::restore(QStringList *restored, QString *error) {
    const QList<Entry> entries = readManifest(dir_);
    for (const Entry &e : entries) {
        if (e.existed) {
            QByteArray bytes;
            if (!ConfigFiles::read(dir_ + QLatin1Char('/') + e.copy, &bytes, error)) return false;
            if (!ConfigFiles::writeAtomically(e.path, bytes, error) ||
                !QFile::setPermissions(e.path, QFileDevice::Permissions(e.mode))) {
                if (error->isEmpty())
                    *error = QStringLiteral("cannot restore the mode of %1").arg(e.path);
                return false;
            }
        } else if (QFile::exists(e.path) && !QFile::remove(e.path)) {
            *error = QStringLiteral("cannot remove %1").arg(e.path);
            return false;
        }
        // Only the empty ones: the agent may have put its own files there.
        for (const QString &dir : e.createdDirs) QDir().rmdir(dir);
        restored->append(e.path);
    }
    if (!QDir(dir_).removeRecursively()) {
        *error = QStringLiteral("cannot remove the backup %1").arg(dir_);
        return false;
    }
    return true;
}

}  // namespace gatehouse
