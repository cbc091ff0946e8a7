#pragma once

#include "plugins/PluginStatus.h"

#include <QString>

namespace gatehouse {

// Where one plugin entry is in its life, as one state machine: every
// change of state goes through a named transition that refuses the ones
// that make no sense (returns false, nothing changes), so no code path can
// put a plugin in a state it cannot be in. Whether something went wrong is
// kept apart from the state (as Qt Creator's PluginSpec keeps state and
// hasError apart): a refused change leaves a plugin Active *with* an error,
// and a plugin that could not start is in Error with the reason.
//
//   Unloaded/Discovered/Disabled/Error --load--> Loaded --activate--> Active
//   Active --activate--> Active             (a new instance replaced the old)
//   Loaded --fail--> Error;  Active --fail--> Active + error (old one runs on)
//   Unloaded/Discovered/Disabled/Error --fail--> Error (failed before loading)
//   any --disable--> Disabled;  any but Discovered --unload--> Unloaded
//   Unloaded/Discovered --discover--> Discovered (a file nobody configured)
//
// Main thread only, like the PluginRecord that holds it.
class PluginLifecycle {
public:
    PluginState state() const { return state_; }
    bool hasError() const { return !error_.isEmpty(); }
    QString errorString() const { return error_; }
    // Configured: neither merely discovered nor removed.
    bool isConfigured() const {
        return state_ != PluginState::Discovered && state_ != PluginState::Unloaded;
    }

    // The library is loaded and its first instance's init() is running.
    bool load();
    // An instance passed init() and is (or replaced the one) in the chain.
    bool activate();
    // Starting or changing it failed: Error, or Active with the error when
    // an earlier instance keeps running.
    bool fail(const QString &message);
    bool disable();
    bool unload();
    // A .so nobody configured; `problem` is why its metadata could not be
    // read (empty when it could).
    bool discover(const QString &problem = {});

private:
    bool move(PluginState to, bool allowed, const QString &error);

    PluginState state_ = PluginState::Unloaded;  // nothing known yet
    QString error_;
};

}  // namespace gatehouse
