// FakeUpstream (tests/support) as a standalone process: prints
// "port <N>" on stdout once it listens, then serves until SIGTERM/SIGINT.
// Behaviour and injected faults are chosen per request by the model name
// (see FakeUpstream.h): e.g. "m+status-503", "m+reset", "m+reset-mid-stream".
// Unlike the tests' instance it closes idle keep-alive connections after 2 s.
#include "FakeUpstream.h"

#include <QCoreApplication>
#include <csignal>
#include <cstdio>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    // Blocked before any thread starts, so every thread inherits the mask
    // and the signal is only ever taken by sigwait() below.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    // Idle keep-alive connections are closed after 2 s, so the gateway's
    // upstream pool empties whenever the load stops: the soak run compares
    // open descriptors at rest, without pooled connections in the count.
    gatehouse::HttpLimits limits;
    limits.idleTimeoutMs = 2000;
    gatehouse::FakeUpstream upstream(limits);
    QString error;
    if (!upstream.start(&error)) {
        std::fprintf(stderr, "fake upstream: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("port %u\n", unsigned(upstream.port()));
    std::fflush(stdout);
    // The server runs on its own thread; this one only waits for a signal.
    int received = 0;
    sigwait(&stopSignals, &received);
    std::printf("requests %d\n", upstream.requestCount());
    upstream.stop();
    return 0;
}
