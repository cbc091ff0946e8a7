#pragma once

#include "config/GatewayConfig.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace gatehouse {

// Watches config.json and reports each new, valid version of it. Editors
// often save by writing a new file and renaming it over the old one, which
// ends a plain file watch; the directory is watched too, and the file is
// watched again whenever it reappears. Bursts of events are coalesced, and
// content that did not change is not reported. Lives on the main thread.
class PluginConfigWatcher : public QObject {
    Q_OBJECT
public:
    explicit PluginConfigWatcher(QString path, QObject *parent = nullptr);
    const QString &path() const { return path_; }

signals:
    void configChanged(const GatewayConfig &config);
    // The file changed but does not load: the running config stays.
    void configError(const QString &message);

private:
    void schedule();
    void reload();
    void watchFile();

    const QString path_;
    QFileSystemWatcher watcher_;
    QTimer debounce_;
    QByteArray lastContent_;
};

}  // namespace gatehouse
