#include "AgentHome.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gatehouse::test {

namespace {
const char *const kVariables[5] = {"HOME", "XDG_STATE_HOME", "PATH", "CODEX_HOME",
                                   "CLAUDE_CONFIG_DIR"};
}  // namespace

AgentHome::AgentHome() {
    for (int i = 0; i < 5; ++i) {
        wasSet_[i] = qEnvironmentVariableIsSet(kVariables[i]);
        saved_[i] = qgetenv(kVariables[i]);
    }
    QDir().mkpath(path(QStringLiteral("bin")));
    qputenv("HOME", dir_.path().toUtf8());
    qputenv("XDG_STATE_HOME", path(QStringLiteral(".local/state")).toUtf8());
    qputenv("PATH", path(QStringLiteral("bin")).toUtf8());
    qunsetenv("CODEX_HOME");
    qunsetenv("CLAUDE_CONFIG_DIR");
}

AgentHome::~AgentHome() {
    for (int i = 0; i < 5; ++i) {
        if (wasSet_[i])
            qputenv(kVariables[i], saved_[i]);
        else
            qunsetenv(kVariables[i]);
    }
}

QString AgentHome::path(const QString &relative) const {
    return dir_.filePath(relative);
}

void AgentHome::write(const QString &relative, const QByteArray &bytes) const {
    const QString file = path(relative);
    QDir().mkpath(QFileInfo(file).absolutePath());
    QFile f(file);
    if (f.open(QIODevice::WriteOnly)) f.write(bytes);
}

QByteArray AgentHome::read(const QString &relative) const {
    QFile f(path(relative));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<absent>");
}

void AgentHome::addExecutable(const QString &name) const {
    const QString file = path(QStringLiteral("bin/") + name);
    QFile f(file);
    if (f.open(QIODevice::WriteOnly)) f.write("#!/bin/sh\n");
    f.close();
    QFile::setPermissions(file,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

}  // namespace gatehouse::test
