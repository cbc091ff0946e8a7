#pragma once

#include <QString>

namespace gatehouse {

// Which program listens on a TCP port, as the system tells it (Linux /proc):
// "nginx (pid 1234)", "another program" when the socket is there but its
// owner is not visible to us, or "" when nothing listens or we cannot tell.
QString describePortOwner(quint16 port);

}  // namespace gatehouse
