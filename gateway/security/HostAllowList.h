#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>

namespace gatehouse {

// Which Host headers name this gateway (the defence against DNS rebinding:
// a web page whose own domain was re-pointed at 127.0.0.1 reaches us with
// Host: its-domain, which must not be served). Accepted: "localhost", any IP
// literal (a page cannot get an IP literal of its choosing to lead here, so
// only a name can be rebound), this machine's host name, and the names in
// client.allowed_hosts ("*.example.com" for subdomains, "*" for any). The
// port is not compared: ssh -L and container port mappings change the port
// a client sees, and a port cannot be rebound. Immutable; any thread.
class HostAllowList {
public:
    HostAllowList(const QStringList &allowedHosts, const QString &machineHostName);

    // `hostHeader` as received, e.g. "localhost:8080", "[::1]:8080". An
    // absent Host is allowed: browsers always send one, so a request
    // without it is not a page's.
    bool allows(const QByteArray &hostHeader) const;

    // The name part of a Host header, lower case, without port or trailing
    // dot; brackets kept for IPv6. Empty when it is malformed.
    static QString hostName(const QByteArray &hostHeader);

private:
    bool decide(const QByteArray &hostHeader) const;

    quint64 id_;            // tells lists apart in the per-thread memo of allows()
    QStringList exact_;     // lower case
    QStringList suffixes_;  // ".example.com" from "*.example.com"
    bool any_ = false;
};

}  // namespace gatehouse
