#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <map>
#include <memory>
#include <optional>

class QPluginLoader;

namespace gatehouse {

// Shadow copies of plugin libraries, and the loader of each copy.
//
// Every plugin instance runs from a copy of its own, never from the
// configured path: Qt does not really unload a plugin (PreventUnloadHint,
// STB_GNU_UNIQUE), and loading a path already mapped returns the OLD image
// even after the file was rebuilt. A fresh path gets fresh code and fresh
// statics. Copies are named <name>-<sha256 prefix>[-<n>].so, by content and
// not by version: a copy whose instance is gone is reused for the same
// content (its globals survive, the plugin object is new), so bumping the
// version of an unchanged build, or flipping between two builds, maps no
// new image. Loaders are kept for the process's life: their images stay
// mapped anyway. Thread-safe.
class ShadowLibraries {
public:
    explicit ShadowLibraries(QString directory);
    ~ShadowLibraries();

    const QString &directory() const { return directory_; }
    // Deletes copies an earlier run left behind (only files named like ours).
    void removeStaleCopies();

    // A copy of `content` for entry `name` that no live instance runs from,
    // written if needed, and marked busy until release().
    std::optional<QString> acquire(const QString &name, const QByteArray &content, QString *error);
    void release(const QString &path);

    // The one loader of a copy, created on first use and never destroyed
    // before this object. Main thread.
    QPluginLoader &loader(const QString &path);

    static QString fileName(const QString &name, const QByteArray &content, int generation);

private:
    bool write(const QString &path, const QByteArray &content, QString *error);

    const QString directory_;
    QMutex mutex_;
    QHash<QString, bool> busy_;  // every copy acquired in this process
    std::map<QString, std::unique_ptr<QPluginLoader>> loaders_;
};

}  // namespace gatehouse
