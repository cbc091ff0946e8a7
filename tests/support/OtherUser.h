#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace gatehouse {

// One request for RawClient: method, path, headers, body.
struct RawRequest {
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

struct RawAnswer {
    int status = 0;
    QByteArray body;
    QString error;  // set when the connection failed (then no answers)
};

// Talks HTTP/1.1 to a gateway from a separate process (python3), as this
// user or as another one (setpriv), so the gateway sees that process's uid.
// All requests go over ONE connection, in order, which is then reset
// (SO_LINGER 0: no TIME_WAIT, so its address and port can be used again).
class RawClient {
public:
    // `uid`/`gid` empty: as this process's user.
    RawClient(std::optional<uint> uid = {}, std::optional<uint> gid = {}) : uid_(uid), gid_(gid) {}

    // To 127.0.0.1:port, from `localPort` if not 0.
    QList<RawAnswer> overTcp(quint16 port, const QList<RawRequest> &requests,
                             quint16 localPort = 0) const;
    // To the Unix socket at `path`.
    QList<RawAnswer> overUnixSocket(const QString &path, const QList<RawRequest> &requests) const;

private:
    QList<RawAnswer> run(const QString &target, quint16 localPort,
                         const QList<RawRequest> &requests) const;
    std::optional<uint> uid_, gid_;
};

// A second system user for tests that need a caller who is not the owner.
// Made with useradd when missing; only root can do that (and switch to it).
struct OtherUser {
    static constexpr const char *kName = "gatehouse-test-other";
    uint uid = 0;
    uint gid = 0;
    // Empty when the tests cannot run as another user, with the reason.
    static std::optional<OtherUser> get(QString *whyNot);
};

}  // namespace gatehouse
