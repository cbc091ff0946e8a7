#pragma once

#include "ConfigReader.h"
#include "config/GatewayConfig.h"

namespace gatehouse {

// One reader per top-level section of config.json, used by ConfigLoader.
// Each returns false after recording the first error in `reader`.
namespace ConfigSections {

bool readClient(ConfigReader &reader, const QJsonObject &root, ClientConfig *out);
bool readProviders(ConfigReader &reader, const QJsonObject &root, QList<ProviderConfig> *out);
// network_config and concurrency_and_buffer_size of one provider.
bool readNetwork(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
                 NetworkConfig *out);
bool readConcurrency(ConfigReader &reader, const QJsonObject &provider, const JsonPath &path,
                     ConcurrencyConfig *out);
// Relative plugin paths are resolved against `baseDir`. An entry without a
// path names a bundled plugin, which the plugin host finds by name.
bool readPlugins(ConfigReader &reader, const QJsonObject &root, const QString &baseDir,
                 QList<PluginEntry> *out);
// "mcp": the MCP servers to connect to (mcp.client_configs[]).
bool readMcp(ConfigReader &reader, const QJsonObject &root, McpConfig *out);
// One of the plugins Bifrost compiles in (its configs name them alone).
bool isBifrostBuiltIn(const QString &name);

}  // namespace ConfigSections
}  // namespace gatehouse
