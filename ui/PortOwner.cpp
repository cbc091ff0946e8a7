#include "PortOwner.h"

#include <QDir>
#include <QFile>
#include <QSet>

namespace gatehouse {

namespace {

// Inodes of sockets listening on `port`, from /proc/net/tcp and tcp6:
// "sl local_address rem_address st ... inode", state 0A is LISTEN.
QSet<QString> listeningInodes(quint16 port) {
    QSet<QString> inodes;
    const QString hexPort = QStringLiteral("%1").arg(port, 4, 16, QLatin1Char('0')).toUpper();
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file{QString::fromLatin1(table)};
        if (!file.open(QIODevice::ReadOnly)) continue;
        file.readLine();  // header
        while (!file.atEnd()) {
            const QStringList f =
                QString::fromLatin1(file.readLine()).simplified().split(QLatin1Char(' '));
            if (f.size() < 10 || f[3] != QLatin1String("0A")) continue;
            if (f[1].section(QLatin1Char(':'), -1) == hexPort) inodes.insert(f[9]);
        }
    }
    return inodes;
}

}  // namespace

QString describePortOwner(quint16 port) {
    if (port == 0) return {};
    const QSet<QString> inodes = listeningInodes(port);
    if (inodes.isEmpty()) return {};
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!pid.at(0).isDigit()) continue;
        const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
        for (const QFileInfo &fd : fds.entryInfoList(QDir::System | QDir::NoDotAndDotDot)) {
            const QString target = fd.symLinkTarget().section(QLatin1Char('/'), -1);
            if (!target.startsWith(QLatin1String("socket:["))) continue;
            if (!inodes.contains(target.mid(8).chopped(1))) continue;
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            const QString name = comm.open(QIODevice::ReadOnly)
                                     ? QString::fromLocal8Bit(comm.readAll()).trimmed()
                                     : QStringLiteral("a program");
            return QStringLiteral("%1 (pid %2)").arg(name, pid);
        }
    }
    return QStringLiteral("another program");
}

}  // namespace gatehouse
