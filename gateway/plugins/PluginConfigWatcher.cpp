#include "PluginConfigWatcher.h"

#include "config/ConfigLoader.h"
#include "config/GatewayConfig.h"

#include <QFile>
#include <QFileInfo>

namespace gatehouse {

namespace {
// Long enough to see an editor's write-rename-chmod burst as one change.
constexpr int kDebounceMs = 100;

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}  // namespace

PluginConfigWatcher::PluginConfigWatcher(QString path, QObject *parent)
    : QObject(parent), path_(QFileInfo(path).absoluteFilePath()) {
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, &PluginConfigWatcher::reload);
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &PluginConfigWatcher::schedule);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &PluginConfigWatcher::schedule);
    watcher_.addPath(QFileInfo(path_).absolutePath());
    watchFile();
    // What is loaded now is the baseline: only later edits are changes.
    lastContent_ = readAll(path_);
}

void PluginConfigWatcher::watchFile() {
    if (!watcher_.files().contains(path_) && QFileInfo::exists(path_)) watcher_.addPath(path_);
}

void PluginConfigWatcher::schedule() {
    watchFile();
    debounce_.start();
}

void PluginConfigWatcher::reload() {
    watchFile();
    if (!QFileInfo::exists(path_)) return;  // mid-replace: the rename brings another event
    const QByteArray content = readAll(path_);
    if (content == lastContent_) return;
    GatewayConfig config;
    ConfigError error;
    if (!ConfigLoader::loadFile(path_, &config, &error)) {
        // Not remembered as seen: fixing the file (even back to the last
        // good content) reports it again.
        lastContent_.clear();
        emit configError(error.toString());
        return;
    }
    lastContent_ = content;
    emit configChanged(config);
}

}  // namespace gatehouse
