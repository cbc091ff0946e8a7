#pragma once

#include <functional>

namespace gatehouse {

// Runs the calling thread's event loop until `done` is true or `timeoutMs`
// passes; returns `done()`. Unlike QTest::qWaitFor, which sleeps 10 ms
// between rounds of events, it keeps handling events the whole time, so
// timings measured meanwhile are not inflated by the wait itself.
bool runEventsUntil(const std::function<bool()> &done, int timeoutMs = 5000);

// Runs the event loop for `ms` milliseconds.
void runEventsFor(int ms);

}  // namespace gatehouse
