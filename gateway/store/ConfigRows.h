#pragma once

#include "store/ConfigContent.h"

namespace gatehouse {

class StoreConnection;

// The config tables (schema versions 2 and 7) read and written on a store
// connection's thread. Every write is one transaction that also bumps the
// revision, so another instance polling the revision sees a change only
// once all of it is there.
namespace ConfigRows {

bool load(StoreConnection &c, ConfigContent *out, QString *error);
bool readRevision(StoreConnection &c, qint64 *revision, QString *error);
// Writes the items and bumps the revision; `revision` gets the new value.
// On failure nothing is written.
bool write(StoreConnection &c, const ConfigChanges &changes, qint64 *revision, QString *error);

}  // namespace ConfigRows
}  // namespace gatehouse
