#include "ShadowLibraries.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QPluginLoader>
#include <QRegularExpression>
#include <QSaveFile>

namespace gatehouse {

namespace {
QString safeName(const QString &name) {
    QString out = name;
    for (QChar &c : out)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_' && c != u'.')
            c = u'_';
    return out.isEmpty() ? QStringLiteral("plugin") : out;
}

bool sameContent(const QString &path, const QByteArray &content) {
    QFile file(path);
    return file.size() == content.size() && file.open(QIODevice::ReadOnly) &&
           file.readAll() == content;
}
}  // namespace

ShadowLibraries::ShadowLibraries(QString directory) : directory_(std::move(directory)) {}

ShadowLibraries::~ShadowLibraries() = default;

QString ShadowLibraries::fileName(const QString &name, const QByteArray &content, int generation) {
    const QByteArray hash =
        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex().left(16);
    QString file = QStringLiteral("%1-%2").arg(safeName(name), QString::fromLatin1(hash));
    if (generation > 1) file += QStringLiteral("-%1").arg(generation);
    return file + QStringLiteral(".so");
}

void ShadowLibraries::removeStaleCopies() {
    static const QRegularExpression ours(
        QStringLiteral("^.+-[0-9a-f]{16}(-[0-9]+)?\\.so(\\.[A-Za-z0-9]+)?$"));
    QDir dir(directory_);
    QMutexLocker locker(&mutex_);
    for (const QString &file : dir.entryList(QDir::Files | QDir::Hidden)) {
        const QString path = dir.absoluteFilePath(file);
        // Unlinking a mapped file is safe on Linux, but never pull one of
        // this process's copies from under a later reuse.
        if (ours.match(file).hasMatch() && !busy_.contains(path)) QFile::remove(path);
    }
}

std::optional<QString> ShadowLibraries::acquire(const QString &name, const QByteArray &content,
                                                QString *error) {
    if (!QDir().mkpath(directory_)) {
        *error = QStringLiteral(
                     "cannot create the plugin shadow directory %1: check its "
                     "permissions, or set another one")
                     .arg(directory_);
        return std::nullopt;
    }
    QMutexLocker locker(&mutex_);
    for (int generation = 1;; ++generation) {
        const QString path = QDir(directory_).absoluteFilePath(fileName(name, content, generation));
        const auto it = busy_.constFind(path);
        if (it != busy_.constEnd()) {
            if (*it) continue;   // a live instance runs this image
            busy_[path] = true;  // ours, idle, same content (the name says so)
            return path;
        }
        if (!sameContent(path, content) && !write(path, content, error)) return std::nullopt;
        busy_.insert(path, true);
        return path;
    }
}

void ShadowLibraries::release(const QString &path) {
    QMutexLocker locker(&mutex_);
    if (busy_.contains(path)) busy_[path] = false;
}

QPluginLoader &ShadowLibraries::loader(const QString &path) {
    QMutexLocker locker(&mutex_);
    std::unique_ptr<QPluginLoader> &loader = loaders_[path];
    if (!loader) {
        loader = std::make_unique<QPluginLoader>(path);
        // Bind every symbol now: a missing one fails here with dlerror()'s
        // name for it, not as an abort in the middle of a request.
        loader->setLoadHints(QLibrary::PreventUnloadHint | QLibrary::ResolveAllSymbolsHint);
    }
    return *loader;
}

bool ShadowLibraries::write(const QString &path, const QByteArray &content, QString *error) {
    // Written aside and renamed into place: a half-written copy is never
    // seen under the final name.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
        !file.commit()) {
        *error = QStringLiteral(
                     "cannot write the shadow copy %1: %2 — check free space and "
                     "permissions of the plugin shadow directory")
                     .arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner | QFile::ReadOwner);
    return true;
}

}  // namespace gatehouse
