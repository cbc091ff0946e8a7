#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace gatehouse {

// What FakeUpstream does for one request, read from the request's model name
// (see FakeUpstream.h for the vocabulary).
struct FakeBehaviour {
    int latencyMs = 0;
    int status = 0;  // >= 400: answer with that error instead
    int retryAfterSeconds = -1;
    bool reset = false;           // close without answering
    bool resetMidStream = false;  // stream part of the events, then cut the connection
    bool forceStream = false;     // a modifier that only makes sense streamed
    int streamEvents = 3;
    int streamIntervalMs = 0;
    int dripMs = 0;  // > 0: an endless stream, one event per dripMs
    bool malformedJson = false;
    bool brokenSse = false;
    qint64 bigBytes = -1;  // >= 0: pad the (non-streamed) body to this size
    bool tool = false;
    bool promptCache = false;
    int contextTokens = 0;  // > 0: cut longer chat prompts to this, as Ollama does
};

FakeBehaviour parseFakeBehaviour(const QByteArray &model);

}  // namespace gatehouse
