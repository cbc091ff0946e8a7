#include "PluginTestEnv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gatehouse {

PluginTestEnv::PluginTestEnv() {
    QDir().mkpath(userPluginDirectory());
}

PluginManager::Options PluginTestEnv::options() const {
    PluginManager::Options options;
    options.configDirectory = root();
    options.userPluginDirectory = userPluginDirectory();
    options.shadowDirectory = shadowDirectory();
    options.dataDirectory = root() + QStringLiteral("/data");
    return options;
}

std::unique_ptr<PluginManager> PluginTestEnv::makeManager() const {
    return std::make_unique<PluginManager>(options());
}

QString PluginTestEnv::copy(const QString &source, const QString &fileName) const {
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(source));
    return write(fileName, in.readAll());
}

QString PluginTestEnv::write(const QString &fileName, const QByteArray &content) const {
    const QString path = QDir(root()).absoluteFilePath(fileName);
    QDir().mkpath(QFileInfo(path).absolutePath());
    // A new inode each time, as a build writes it: never modify a file some
    // test already mapped.
    QFile::remove(path);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString PluginTestEnv::withQtVersion(const QString &source, int major, int minor,
                                     const QString &fileName) const {
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(source));
    QByteArray content = in.readAll();
    // Qt 6 keeps plugin metadata in an ELF note named "qt-project!"; its
    // description starts with a header: version, Qt major, Qt minor, arch.
    const QByteArray noteName("qt-project!\0", 12);
    const qsizetype at = content.indexOf(noteName);
    if (at < 0) qFatal("no Qt metadata note in %s", qPrintable(source));
    content[at + 12 + 1] = char(major);
    content[at + 12 + 2] = char(minor);
    return write(fileName, content);
}

PluginEntry pluginEntry(const QString &name, const QString &path, QJsonObject config, int version,
                        bool enabled) {
    PluginEntry entry;
    entry.name = name;
    entry.path = path;
    entry.config = std::move(config);
    entry.version = version;
    entry.enabled = enabled;
    return entry;
}

QString answerOf(ActivePlugin &plugin) {
    TestPluginContext context;
    PluginRequest request;
    const PreHookResult result = callPreHook(plugin, context, request);
    if (!result.response) return QStringLiteral("<no answer>");
    return result.response->body.value(QStringLiteral("answer")).toString();
}

QString answerOf(const PluginManager &manager, const QString &name) {
    const std::shared_ptr<ActivePlugin> plugin = manager.chain()->find(name);
    return plugin ? answerOf(*plugin) : QStringLiteral("<not in chain>");
}

PluginState stateOf(const PluginManager &manager, const QString &name) {
    const std::optional<PluginStatus> status = manager.status(name);
    return status ? status->state : PluginState::Unloaded;
}

QString errorOf(const PluginManager &manager, const QString &name) {
    const std::optional<PluginStatus> status = manager.status(name);
    return status ? status->error : QStringLiteral("<no such plugin>");
}

QStringList messagesOf(const PluginManager &manager, const QString &name) {
    QStringList out;
    for (const PluginLogLine &line : manager.logs(name, 0, 10000)) out.append(line.message);
    return out;
}

bool hasLogLine(const PluginManager &manager, const QString &name, const QString &part) {
    for (const QString &message : messagesOf(manager, name))
        if (message.contains(part)) return true;
    return false;
}

}  // namespace gatehouse
