#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <optional>

namespace gatehouse {

struct GatewayState;

// Whether `key` is a virtual key of the governance plugin that is active
// now: the plugin is loaded (it will check and count the key in its
// preHook) and its entry in the effective config lists the key. What lets
// a connection that is not the owner's use inference without the API token
// (RequestGuard). Safe from any thread.
bool isKnownVirtualKey(const GatewayState &state, const QByteArray &key);

// The active governance plugin's entry for `key` (as isKnownVirtualKey
// finds it: by the key or its SHA-256), e.g. for its mcp_configs.
std::optional<QJsonObject> virtualKeyEntry(const GatewayState &state, const QByteArray &key);

}  // namespace gatehouse
