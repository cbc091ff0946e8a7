#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse {

// The files one agent's wiring changed, as they were before Gatehouse first
// touched them: $XDG_STATE_HOME/gatehouse/connect/<agent>/ (default
// ~/.local/state), a copy of each file and manifest.json listing the
// original paths and whether each existed. Saving again never replaces a
// copy, so connecting twice still undoes to the user's own files.
class ConnectBackup {
public:
    explicit ConnectBackup(const QString &agentId);

    static QString rootDirectory();
    QString directory() const { return dir_; }
    bool exists() const;
    // The original paths it holds.
    QStringList files() const;
    // The bytes `path` had before Gatehouse first changed it (empty when it
    // did not exist); false when this backup does not hold it.
    bool original(const QString &path, QByteArray *bytes) const;
    // Saves `path` as it is now unless it is already saved.
    bool save(const QString &path, QString *error);
    // Puts every saved file back byte for byte (deletes the ones that did
    // not exist), then removes the backup. `restored` lists the paths.
    bool restore(QStringList *restored, QString *error);

private:
    QString dir_;
};

}  // namespace gatehouse
