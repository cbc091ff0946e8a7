#pragma once

#include <QString>

namespace gatehouse {

// Turns "this file cannot be a plugin" into messages a plugin author can act
// on: Qt's loader says "not a valid ELF object (file too small)"; we say what
// to check or rebuild. Stateless.
namespace PluginFileCheck {

// Empty if `path` is a readable file that starts like an ELF shared library,
// else the message. Reads 4 bytes; runs nothing.
QString checkLibraryFile(const QString &path);

// Empty if a plugin built with Qt `pluginQtVersion` (QT_VERSION encoding,
// 0x060400) can run in this process, else the message. Qt's own rule: same
// major, minor not newer than the running Qt.
QString checkQtVersion(const QString &path, int pluginQtVersion);

// Empty if `pinnedSha256` is empty (no pin) or is the SHA-256 of `content`
// (the bytes read from `path`), else a message with both hashes and what to
// do. Hashing runs nothing.
QString checkPin(const QString &path, const QByteArray &content, const QString &pinnedSha256);

// Rewrites an error string from QPluginLoader about the library at
// `loadedPath` (a shadow copy, usually); messages name `shownPath`, the file
// the user configured.
QString explainLoaderError(const QString &qtError, const QString &loadedPath,
                           const QString &shownPath);

}  // namespace PluginFileCheck
}  // namespace gatehouse
