#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

namespace gatehouse::test {

// A temporary home folder for the coding agents' files: HOME, XDG_STATE_HOME
// and PATH (an empty bin folder, so no real agent counts as installed) point
// into it, CODEX_HOME and CLAUDE_CONFIG_DIR are unset; all put back after.
class AgentHome {
public:
    AgentHome();
    ~AgentHome();
    AgentHome(const AgentHome &) = delete;
    AgentHome &operator=(const AgentHome &) = delete;

    QString path(const QString &relative) const;
    // Writes a file under the home (folders made as needed).
    void write(const QString &relative, const QByteArray &bytes) const;
    // The file's bytes; "<absent>" when there is none.
    QByteArray read(const QString &relative) const;
    // An executable named `name` in the PATH folder.
    void addExecutable(const QString &name) const;

private:
    QTemporaryDir dir_;
    QByteArray saved_[5];
    bool wasSet_[5] = {};
};

}  // namespace gatehouse::test
