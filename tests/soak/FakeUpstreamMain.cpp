// FakeUpstream (tests/support) as a standalone process: prints
// "port <N>" on stdout once it listens, then serves until SIGTERM/SIGINT.
// The same port is also Vertex AI (FakeVertex: POST /token and the
// publishers' model paths); "bedrock_url <URL>" is a FakeBedrock that accepts
// access key AKIDFAKE with kFakeAwsSecret, "ollama_url <URL>" a FakeOllama
// (Ollama's native /api/chat). With `--vertex-account FILE` the
// test service account, its token_uri at this fake, is written to FILE.
// Behaviour and injected faults are chosen per request by the model name
// (see FakeUpstream.h): e.g. "m+status-503", "m+reset", "m+reset-mid-stream".
// Unlike the tests' instance it closes idle keep-alive connections after 2 s.
#include "FakeBedrock.h"
#include "FakeOllama.h"
#include "FakeUpstream.h"
#include "FakeVertex.h"

#include <QCoreApplication>
#include <QFile>
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
    // A soak sends millions of requests; only their count is printed.
    upstream.setRecordLimit(0);
    gatehouse::test::FakeVertex vertex(&upstream);  // its route hook, set before serving
    QString error;
    if (!upstream.start(&error)) {
        std::fprintf(stderr, "fake upstream: %s\n", qPrintable(error));
        return 1;
    }
    gatehouse::FakeBedrock bedrock(
        {{QStringLiteral("AKIDFAKE"), QString::fromLatin1(gatehouse::test::kFakeAwsSecret)}});
    if (!bedrock.start(&error)) {
        std::fprintf(stderr, "fake upstream (bedrock): %s\n", qPrintable(error));
        return 1;
    }
    gatehouse::FakeOllama ollama;
    if (!ollama.start(&error)) {
        std::fprintf(stderr, "fake upstream (ollama): %s\n", qPrintable(error));
        return 1;
    }
    const QStringList args = app.arguments();
    const qsizetype accountArg = args.indexOf(QStringLiteral("--vertex-account"));
    if (accountArg > 0 && accountArg + 1 < args.size()) {
        QFile account(args.at(accountArg + 1));
        if (!account.open(QIODevice::WriteOnly) ||
            account.write(gatehouse::test::FakeVertex::serviceAccountJson(upstream.baseUrl() +
                                                                          "/token")) < 0) {
            std::fprintf(stderr, "fake upstream: cannot write %s\n",
                         qPrintable(args.at(accountArg + 1)));
            return 1;
        }
    }
    std::printf("bedrock_url %s\n", qPrintable(bedrock.baseUrl()));
    std::printf("ollama_url %s\n", qPrintable(ollama.baseUrl()));
    std::printf("port %u\n", unsigned(upstream.port()));
    std::fflush(stdout);
    // The server runs on its own thread; this one only waits for a signal.
    int received = 0;
    sigwait(&stopSignals, &received);
    std::printf("requests %d\n", upstream.requestCount());
    ollama.stop();
    bedrock.stop();
    upstream.stop();
    return 0;
}
