#pragma once

#include <QHostAddress>
#include <QString>

namespace gatehouse {

// What the command line says when the gateway cannot listen on its port:
// who has the port (another Gatehouse answers /health with its version),
// and a free port nearby to try instead.
namespace PortProbe {

// True if nothing can listen on host:port because something else does.
bool inUse(const QHostAddress &host, quint16 port);
// The first port after `port` (up to 100 on) that host can listen on; 0 if none.
quint16 freePortAfter(const QHostAddress &host, quint16 port);
// "port 8080 is already in use (by another program); try --port 8081", or
// "... (by Gatehouse 0.1.0, which is already running) ..." when it is one.
QString takenMessage(const QHostAddress &host, quint16 port);

}  // namespace PortProbe
}  // namespace gatehouse
