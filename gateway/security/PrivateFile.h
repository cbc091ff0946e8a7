#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse {

// Files only their owner may read (mode 0600): the API token, and any
// config the gateway writes, which may hold provider keys. Stateless.
namespace PrivateFile {

// Writes `content` to `path` atomically (written aside, then renamed), the
// new file being 0600 from its first byte: the copy being written is made
// private before anything goes into it. A missing parent directory is
// created 0700. False with a message that says what to check on failure.
bool write(const QString &path, const QByteArray &content, QString *error);

// Makes `path` 0600, creating it empty first if it does not exist: for
// files another library writes, such as an SQLite database holding keys
// (SQLite gives its -wal and -shm files the database file's mode). False
// with a message on failure.
bool makePrivate(const QString &path, QString *error);

// True when group and others have no access to the file at `path`.
bool isPrivate(const QString &path);

}  // namespace PrivateFile
}  // namespace gatehouse
