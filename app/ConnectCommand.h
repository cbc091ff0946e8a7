#pragma once

#include <QStringList>

namespace gatehouse {

// `gatehouse connect ...`: wires coding agents to the gateway, undoes it, or
// shows their state; never starts the gateway or the panel. `arguments`
// starts with "connect". Returns the process's exit status.
int runConnectCommand(const QStringList &arguments);

}  // namespace gatehouse
