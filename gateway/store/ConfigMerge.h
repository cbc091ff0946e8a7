#pragma once

#include "config/ConfigError.h"
#include "config/GatewayConfig.h"
#include "store/ConfigContent.h"

namespace gatehouse {

// The rule between config.json and the config store, and the effective
// configuration that follows from both. Pure functions, any thread.
namespace ConfigMerge {

// What config.json brings to the store at start (or when the file changes):
//  - an item the store does not have is added from the file;
//  - plugins: the file's entry replaces the stored one when its "version"
//    is higher; a stored entry that came from the file (no edits to keep)
//    also follows the file when the file's entry changed; otherwise the
//    stored entry, with its API/panel edits, is kept;
//  - providers, client settings, MCP servers and the price overrides (the
//    "pricing" array, one item): the file's item replaces the stored one when
//    the file's item changed since it was last seeded (its hash differs from
//    file_hash); otherwise the stored one, edits included, is kept;
//  - items removed through the API stay removed unless the file's item
//    changes (the rules above, applied to the removal marker);
//  - items only in the store stay: the store is authoritative, and several
//    instances may start with different files.
ConfigChanges seed(const GatewayConfig &file, const ConfigContent &stored, qint64 nowMs);

// The configuration the gateway runs: config.json's document with its
// "providers", "plugins", "client", "pricing" and mcp.client_configs taken from the store, read by
// the same readers as the file. Fails (with the field path) only when the store holds something the
// readers refuse.
bool effective(const GatewayConfig &file, const ConfigContent &content, GatewayConfig *out,
               ConfigError *error);

// The items of config.json, as the store would hold them.
QList<ConfigItem> fileItems(const GatewayConfig &file, ConfigSection section);

}  // namespace ConfigMerge
}  // namespace gatehouse
