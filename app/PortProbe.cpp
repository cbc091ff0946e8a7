#include "PortProbe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace gatehouse {
namespace PortProbe {

namespace {
// The version of the Gatehouse holding the port, or empty if what holds it
// does not answer GET /health like one.
QString gatehouseVersionAt(const QHostAddress &host, quint16 port) {
    QHostAddress target = host;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        target = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        target = QHostAddress::LocalHostIPv6;
    QTcpSocket socket;
    socket.connectToHost(target, port);
    if (!socket.waitForConnected(500)) return {};
    socket.write("GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n");
    QByteArray reply;
    while (socket.waitForReadyRead(1000)) reply += socket.readAll();
    reply += socket.readAll();
    const qsizetype bodyStart = reply.indexOf("\r\n\r\n");
    if (!reply.startsWith("HTTP/1.") || bodyStart < 0) return {};
    const QJsonObject health = QJsonDocument::fromJson(reply.mid(bodyStart + 4)).object();
    if (health.value(QStringLiteral("status")).toString() != QLatin1String("ok")) return {};
    return health.value(QStringLiteral("version")).toString();
}
}  // namespace

bool inUse(const QHostAddress &host, quint16 port) {
    QTcpServer probe;
    if (probe.listen(host, port)) return false;
    return probe.serverError() == QAbstractSocket::AddressInUseError;
}

quint16 freePortAfter(const QHostAddress &host, quint16 port) {
    for (int candidate = port + 1; candidate <= qMin(int(port) + 100, 65535); ++candidate) {
        QTcpServer probe;
        if (probe.listen(host, quint16(candidate))) return quint16(candidate);
    }
    return 0;
}

QString takenMessage(const QHostAddress &host, quint16 port) {
    const QString version = gatehouseVersionAt(host, port);
    const QString who =
        version.isEmpty()
            ? QStringLiteral("by another program")
            : QStringLiteral("by Gatehouse %1, which is already running").arg(version);
    const quint16 free = freePortAfter(host, port);
    const QString next = free ? QStringLiteral("try --port %1").arg(free)
                              : QStringLiteral("choose a free one with --port");
    return QStringLiteral("port %1 is already in use (%2); %3").arg(port).arg(who, next);
}

}  // namespace PortProbe
}  // namespace gatehouse
