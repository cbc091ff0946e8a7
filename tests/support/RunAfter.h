#pragma once

#include <QObject>
#include <functional>

namespace gatehouse {

// Runs `fn` once after `ms` on the thread `context` lives in, without
// blocking that thread. The timer is a child of `context`, so whatever `fn`
// captures is released with the context if it dies first (a server stopping
// with answers still pending).
void runAfter(QObject *context, int ms, std::function<void()> fn);

}  // namespace gatehouse
