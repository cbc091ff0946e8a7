#include "PluginLifecycle.h"

#include <QDebug>

namespace gatehouse {

namespace {
// Not running code of the entry: where a load may begin.
bool idle(PluginState s) {
    return s == PluginState::Unloaded || s == PluginState::Discovered ||
           s == PluginState::Disabled || s == PluginState::Error;
}
}  // namespace

bool PluginLifecycle::move(PluginState to, bool allowed, const QString &error) {
    if (!allowed) {
        // A bug in the host, not the plugin's doing: said, and refused.
        qWarning().noquote() << QStringLiteral("plugin lifecycle: no transition from %1 to %2")
                                    .arg(pluginStateName(state_), pluginStateName(to));
        return false;
    }
    state_ = to;
    error_ = error;
    return true;
}

bool PluginLifecycle::load() {
    return move(PluginState::Loaded, idle(state_), {});
}

bool PluginLifecycle::activate() {
    return move(PluginState::Active, state_ == PluginState::Loaded || state_ == PluginState::Active,
                {});
}

bool PluginLifecycle::fail(const QString &message) {
    // hasError() must hold after a failure, whatever the caller had to say.
    const QString error = message.isEmpty() ? QStringLiteral("failed (no reason given)") : message;
    // A refused change leaves the running instance (and the state) alone.
    if (state_ == PluginState::Active) return move(PluginState::Active, true, error);
    return move(PluginState::Error, state_ == PluginState::Loaded || idle(state_), error);
}

bool PluginLifecycle::disable() {
    return move(PluginState::Disabled, true, {});
}

bool PluginLifecycle::unload() {
    return move(PluginState::Unloaded, state_ != PluginState::Discovered, {});
}

bool PluginLifecycle::discover(const QString &problem) {
    return move(PluginState::Discovered,
                state_ == PluginState::Unloaded || state_ == PluginState::Discovered, problem);
}

}  // namespace gatehouse
