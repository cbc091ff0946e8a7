#include "HostAllowList.h"

#include <atomic>

namespace gatehouse {

namespace {
// Dotted quad only: browsers rewrite other IPv4 spellings to it before
// sending, and a name with letters in it is a name.
bool isDottedQuad(const QString &name) {
    int parts = 0;
    int digits = 0;
    int value = 0;
    for (const QChar c : name) {
        if (c == QLatin1Char('.')) {
            if (digits == 0 || ++parts > 3) return false;
            digits = value = 0;
        } else if (c >= QLatin1Char('0') && c <= QLatin1Char('9')) {
            if (digits == 1 && value == 0) return false;  // no leading zeros (octal to some)
            value = value * 10 + (c.unicode() - '0');
            if (++digits > 3 || value > 255) return false;
        } else {
            return false;
        }
    }
    return parts == 3 && digits > 0;
}

bool isIpLiteral(const QString &name) {
    if (isDottedQuad(name)) return true;
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']'))) {
        QHostAddress address;
        return address.setAddress(name.mid(1, name.size() - 2)) &&
               address.protocol() == QAbstractSocket::IPv6Protocol;
    }
    return false;
}
}  // namespace

HostAllowList::HostAllowList(const QStringList &allowedHosts, const QString &machineHostName) {
    static std::atomic<quint64> lists{0};
    id_ = ++lists;
    exact_ << QStringLiteral("localhost");
    if (!machineHostName.isEmpty()) {
        exact_ << machineHostName.toLower();
        exact_ << machineHostName.toLower() + QStringLiteral(".local");
    }
    for (const QString &entry : allowedHosts) {
        const QString host = entry.trimmed().toLower();
        if (host == QLatin1String("*")) {
            any_ = true;
        } else if (host.startsWith(QLatin1String("*."))) {
            suffixes_ << host.mid(1);
        } else if (!host.isEmpty()) {
            // An entry may carry a port, as a Host header does; it is ignored.
            const QString name = hostName(host.toUtf8());
            if (!name.isEmpty()) exact_ << name;
        }
    }
}

QString HostAllowList::hostName(const QByteArray &hostHeader) {
    QString host = QString::fromUtf8(hostHeader.trimmed()).toLower();
    QString port;
    if (host.startsWith(QLatin1Char('['))) {
        const qsizetype close = host.indexOf(QLatin1Char(']'));
        if (close < 0) return {};
        port = host.mid(close + 1);
        host = host.left(close + 1);
        if (!port.isEmpty() && !port.startsWith(QLatin1Char(':'))) return {};
        port = port.mid(1);
    } else {
        const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            port = host.mid(colon + 1);
            host = host.left(colon);
        }
        if (host.contains(QLatin1Char(':'))) return {};  // an IPv6 address needs brackets
    }
    for (const QChar c : port)
        if (!c.isDigit()) return {};
    if (host.endsWith(QLatin1Char('.'))) host.chop(1);
    return host;
}

bool HostAllowList::allows(const QByteArray &hostHeader) const {
    if (any_) return true;
    // A client sends the same Host on every request, and a gateway has few
    // clients: each thread remembers its last answer (the decision builds
    // three strings, a cost on every request otherwise).
    thread_local struct {
        quint64 list = 0;
        QByteArray host;
        bool allowed = false;
    } last;
    if (last.list == id_ && last.host == hostHeader) return last.allowed;
    const bool allowed = decide(hostHeader);
    last.list = id_;
    last.host = hostHeader;
    last.allowed = allowed;
    return allowed;
}

bool HostAllowList::decide(const QByteArray &hostHeader) const {
    if (hostHeader.trimmed().isEmpty()) return true;
    const QString name = hostName(hostHeader);
    if (name.isEmpty()) return false;
    if (exact_.contains(name) || isIpLiteral(name)) return true;
    for (const QString &suffix : suffixes_)
        if (name.endsWith(suffix)) return true;
    return false;
}

}  // namespace gatehouse
