#pragma once

#include <sys/types.h>
#include <QString>

namespace gatehouse {

// A listening Unix domain socket at a path, for clients that prefer one to
// a TCP port (curl --unix-socket). The socket file is mode 0600 in a folder
// made 0700 when it is created here, so only the user running the gateway
// (and root) can connect at all; the peer's uid is still checked per
// connection (SO_PEERCRED), like any other.
class UnixListener {
public:
    UnixListener() = default;
    ~UnixListener() { close(); }
    UnixListener(const UnixListener &) = delete;
    UnixListener &operator=(const UnixListener &) = delete;

    // A socket file left by a run that crashed is replaced; one that a live
    // process answers on (another Gatehouse) is not: false and why.
    bool listen(const QString &path, QString *error);
    int fd() const { return fd_; }
    const QString &path() const { return path_; }
    // Stops listening and removes the socket file, if it is still the one
    // made here (another run may have replaced it since).
    void close();

    // $XDG_RUNTIME_DIR/gatehouse/gatehouse.sock; empty without XDG_RUNTIME_DIR
    // (no private per-user folder to put it in).
    static QString defaultPath();

private:
    int fd_ = -1;
    QString path_;
    dev_t device_ = 0;
    ino_t inode_ = 0;
};

}  // namespace gatehouse
