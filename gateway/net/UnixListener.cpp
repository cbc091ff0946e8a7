#include "net/UnixListener.h"

#include <QDir>
#include <QFileInfo>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace gatehouse {

namespace {

QString errorText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

bool addressOf(const QString &path, sockaddr_un *out, QString *error) {
    const QByteArray bytes = QFile::encodeName(path);
    if (bytes.size() >= qsizetype(sizeof out->sun_path)) {
        *error = QStringLiteral("the socket path %1 is longer than %2 bytes")
                     .arg(path)
                     .arg(sizeof out->sun_path - 1);
        return false;
    }
    std::memset(out, 0, sizeof *out);
    out->sun_family = AF_UNIX;
    std::memcpy(out->sun_path, bytes.constData(), size_t(bytes.size()));
    return true;
}

// The folder, made private if it is made here; one that exists must be the
// user's own (a folder another user controls could swap the socket file).
bool prepareFolder(const QString &folder, QString *error) {
    const QByteArray name = QFile::encodeName(folder);
    struct stat st {};
    if (::lstat(name.constData(), &st) != 0) {
        if (!QDir().mkpath(folder) || ::chmod(name.constData(), 0700) != 0) {
            *error =
                QStringLiteral("cannot create the folder %1: %2").arg(folder, errorText(errno));
            return false;
        }
        return true;
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) {
        *error = QStringLiteral("%1 is not a folder of the user running the gateway").arg(folder);
        return false;
    }
    return true;
}

// A socket file nobody answers on is what a crashed run left behind.
bool removeStaleSocket(const QString &path, const sockaddr_un &address, QString *error) {
    const QByteArray name = QFile::encodeName(path);
    struct stat st {};
    if (::lstat(name.constData(), &st) != 0) return true;  // nothing there
    if (!S_ISSOCK(st.st_mode)) {
        *error = QStringLiteral("%1 exists and is not a socket; remove it or choose another path")
                     .arg(path);
        return false;
    }
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const bool live = probe >= 0 && ::connect(probe, reinterpret_cast<const sockaddr *>(&address),
                                              sizeof address) == 0;
    if (probe >= 0) ::close(probe);
    if (live) {
        *error =
            QStringLiteral("another process (another Gatehouse?) is listening on %1").arg(path);
        return false;
    }
    ::unlink(name.constData());
    return true;
}

}  // namespace

QString UnixListener::defaultPath() {
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty()) return {};
    return runtime + QStringLiteral("/gatehouse/gatehouse.sock");
}

bool UnixListener::listen(const QString &path, QString *error) {
    close();
    sockaddr_un address{};
    QString why;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!addressOf(absolute, &address, &why) ||
        !prepareFolder(QFileInfo(absolute).absolutePath(), &why) ||
        !removeStaleSocket(absolute, address, &why)) {
        if (error) *error = why;
        return false;
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const QByteArray name = QFile::encodeName(absolute);
    struct stat st {};
    const bool bound =
        fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    if (!bound || ::chmod(name.constData(), 0600) != 0 || ::listen(fd, 4096) != 0 ||
        ::stat(name.constData(), &st) != 0) {
        const int e = errno;
        if (bound) ::unlink(name.constData());
        if (fd >= 0) ::close(fd);
        if (error) *error = QStringLiteral("cannot listen on %1: %2").arg(absolute, errorText(e));
        return false;
    }
    fd_ = fd;
    path_ = absolute;
    device_ = st.st_dev;
    inode_ = st.st_ino;
    return true;
}

void UnixListener::close() {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    const QByteArray name = QFile::encodeName(path_);
    struct stat st {};
    if (::lstat(name.constData(), &st) == 0 && st.st_dev == device_ && st.st_ino == inode_)
        ::unlink(name.constData());
    path_.clear();
}

}  // namespace gatehouse
