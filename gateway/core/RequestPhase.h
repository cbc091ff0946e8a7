#pragma once

namespace gatehouse {

// Where an inference request is, as far as who may touch it and whether it
// still answers goes; its transitions are written here and nowhere else.
//
//   Running --hooksOut()--> HooksOut --hooksBack()--> Running
//   HooksOut --clientGone()--> HooksOutClientGone --hooksBack()--> Running (then the request ends)
//   Running --finish()--> Finished
//
// While a phase of the plugin chain runs on a hook thread nothing on the
// worker touches the request, so the client's leaving is only noted then and
// acted on when the phase is back. Only the worker thread changes the phase.
// What a preHook phase decided (PreHookOutcome) and how the current target
// answers (natively or not) are not phases: they are results a phase hands
// on, kept beside it.
class RequestPhase {
public:
    enum class Phase {
        Running,             // on the worker: decoding, inline hooks, a provider call, a stream
        HooksOut,            // a phase of the plugin chain is on a hook thread
        HooksOutClientGone,  // ... and the client left meanwhile
        Finished,            // answered, failed or abandoned: late callbacks are ignored
    };

    Phase phase() const { return phase_; }
    bool finished() const { return phase_ == Phase::Finished; }
    bool hooksAreOut() const {
        return phase_ == Phase::HooksOut || phase_ == Phase::HooksOutClientGone;
    }

    // A phase of the chain leaves for a hook thread.
    void hooksOut() {
        if (phase_ == Phase::Running) phase_ = Phase::HooksOut;
    }
    // It is back: false when the client left meanwhile (the caller ends the
    // request, which is Running again for that).
    bool hooksBack() {
        const bool clientStayed = phase_ == Phase::HooksOut;
        if (hooksAreOut()) phase_ = Phase::Running;
        return clientStayed;
    }
    // The client left: true when the request is to end now; false when it
    // has ended already, or a hook phase is out (noted for hooksBack()).
    bool clientGone() {
        if (phase_ == Phase::HooksOut) phase_ = Phase::HooksOutClientGone;
        return phase_ == Phase::Running;
    }
    // The request has its answer (or none will come): false when it had.
    bool finish() {
        if (phase_ == Phase::Finished) return false;
        phase_ = Phase::Finished;
        return true;
    }

private:
    Phase phase_ = Phase::Running;
};

// What a target's preHooks decided, handed from their phase (perhaps on a
// hook thread) to the code after it.
enum class PreHookOutcome {
    CallProvider,          // go on to the provider (perhaps re-routed)
    ShortCircuit,          // a plugin answered or failed: the postHooks are still to run
    ShortCircuitAnswered,  // ... and they ran already, on the same hook thread
};

}  // namespace gatehouse
