#include "PluginFileCheck.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QVersionNumber>

namespace gatehouse {
namespace PluginFileCheck {

namespace {
QString notElf(const QString &path, const QString &detail) {
    return QStringLiteral("%1 is not a shared library (ELF) — is the build finished? (%2)")
        .arg(path, detail);
}

QString notQtPlugin(const QString &path) {
    return QStringLiteral(
               "%1 is not a Qt plugin: was it built without Q_PLUGIN_METADATA / with "
               "gatehouse_add_plugin()? A Gatehouse plugin's class declares "
               "Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE \"plugin.json\") and is built "
               "with gatehouse_add_plugin()")
        .arg(path);
}

QString qtVersionText(int version) {
    return QStringLiteral("%1.%2.%3")
        .arg((version >> 16) & 0xff)
        .arg((version >> 8) & 0xff)
        .arg(version & 0xff);
}

QString incompatibleQt(const QString &path, const QString &pluginQt) {
    const QVersionNumber running = QVersionNumber::fromString(QString::fromLatin1(qVersion()));
    return QStringLiteral(
               "%1 uses incompatible Qt library: it was built with Qt %2, this Gatehouse runs "
               "Qt %3 — rebuild the plugin against Qt %4.%5 or older of Qt %4 (the Qt "
               "development files this Gatehouse was built with: %6)")
        .arg(path, pluginQt, QString::fromLatin1(qVersion()))
        .arg(running.majorVersion())
        .arg(running.minorVersion())
        .arg(QStringLiteral(QT_VERSION_STR));
}
}  // namespace

QString checkLibraryFile(const QString &path) {
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral(
                   "no file at %1: check 'path' in config.json (relative paths are relative to "
                   "the config file)")
            .arg(path);
    if (info.isDir())
        return QStringLiteral(
                   "%1 is a directory, not a plugin: set 'path' to the plugin's .so file")
            .arg(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2 — check the file's permissions")
            .arg(path, file.errorString());
    const QByteArray head = file.read(4);
    if (head.isEmpty()) return notElf(path, QStringLiteral("the file is empty"));
    if (head != QByteArrayLiteral("\x7f"
                                  "ELF"))
        return notElf(path, QStringLiteral("it does not start with the ELF signature"));
    return {};
}

QString checkQtVersion(const QString &path, int pluginQtVersion) {
    const QVersionNumber running = QVersionNumber::fromString(QString::fromLatin1(qVersion()));
    const int major = (pluginQtVersion >> 16) & 0xff;
    const int minor = (pluginQtVersion >> 8) & 0xff;
    if (major == running.majorVersion() && minor <= running.minorVersion()) return {};
    return incompatibleQt(path, qtVersionText(pluginQtVersion));
}

QString checkPin(const QString &path, const QByteArray &content, const QString &pinnedSha256) {
    if (pinnedSha256.isEmpty()) return {};
    const QString actual =
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    if (actual.compare(pinnedSha256, Qt::CaseInsensitive) == 0) return {};
    return QStringLiteral(
               "%1 does not match its pin, so it was not loaded: \"sha256\" expects %2, the "
               "file has %3. If you rebuilt or updated the plugin yourself, put the new hash "
               "in \"sha256\" (`sha256sum %1`); if not, the file was changed by someone else "
               "— find out by whom before running it")
        .arg(path, pinnedSha256.toLower(), actual);
}

QString explainLoaderError(const QString &qtError, const QString &loadedPath,
                           const QString &shownPath) {
    QString detail = qtError;
    if (!loadedPath.isEmpty() && loadedPath != shownPath) detail.replace(loadedPath, shownPath);

    static const QRegularExpression notValidElf(
        QStringLiteral("is not a valid ELF object \\((.*)\\)"));
    if (const auto m = notValidElf.match(detail); m.hasMatch())
        return notElf(shownPath, m.captured(1));
    if (detail.contains(QLatin1String("is not a valid Qt plugin")))
        return notElf(shownPath, QStringLiteral("Qt could not map it"));
    if (detail.contains(QLatin1String("metadata not found"))) return notQtPlugin(shownPath);
    static const QRegularExpression incompatible(
        QStringLiteral("uses incompatible Qt library\\. \\(([0-9.]+)\\)"));
    if (const auto m = incompatible.match(detail); m.hasMatch())
        return incompatibleQt(shownPath, m.captured(1));
    if (detail.contains(QLatin1String("The shared library was not found"))) {
        const QString problem = checkLibraryFile(shownPath);
        return problem.isEmpty() ? QStringLiteral("%1: %2").arg(shownPath, detail) : problem;
    }
    // dlopen() failures: unresolved symbols, a missing dependency, wrong
    // architecture. Qt's text carries dlerror(), which names the culprit.
    return QStringLiteral(
               "cannot load %1: %2 — the plugin needs a symbol or library this process does "
               "not have: build it with gatehouse_add_plugin() against this Gatehouse's SDK and "
               "Qt, link every library it uses, and check `ldd -r %1`")
        .arg(shownPath, detail);
}

}  // namespace PluginFileCheck
}  // namespace gatehouse
