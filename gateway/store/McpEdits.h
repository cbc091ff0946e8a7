#pragma once

#include "store/ConfigStore.h"

#include <QJsonObject>
#include <QStringList>

namespace gatehouse {

// The changes /api/mcp/clients and the panel make to the MCP servers kept in
// the config store (mcp.client_configs[] entries, Bifrost's shape). Every
// entry is checked as config.json's would be; an error names the field
// within the entry ("stdio_config.command"). Secrets sent back masked
// (header values, "NAME=value" envs) keep the stored value.
namespace McpEdits {

// create: 409 when a server of that name exists; otherwise 404 when none
// does. The entry's "name" is `name` (an edit cannot rename: 400).
ConfigStore::Edit putClient(const QString &name, QJsonObject entry, bool create);
ConfigStore::Edit removeClient(const QString &name);
// Only "enabled" changes (Bifrost's "disabled" is dropped).
ConfigStore::Edit setEnabled(const QString &name, bool enabled);

// Whether `entry` is a valid client_configs[] entry; if not, `result` says
// why with the field's path within the entry.
bool check(const QJsonObject &entry, ConfigStore::Result *result);

// "NAME=value" with the value masked; "NAME" as it is.
QStringList maskEnvs(const QStringList &envs);
// The entry with masked header values and env values that match the stored
// entry's put back.
QJsonObject restoreMasked(const QJsonObject &incoming, const QJsonObject &stored);

}  // namespace McpEdits
}  // namespace gatehouse
