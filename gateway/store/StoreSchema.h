#pragma once

#include <QString>

namespace gatehouse {

class StoreConnection;

// The store's schema, versioned: a table gatehouse_schema holds the version,
// and each migration step moves it up by one inside a transaction (so a
// crash leaves the previous version whole). A store from a newer Gatehouse,
// or a database holding other tables but no Gatehouse schema, is refused and
// left as it is. On PostgreSQL an advisory lock keeps two instances that
// start together from migrating at once.
namespace StoreSchema {

int latestVersion();
// Brings the store to latestVersion(); false with a message that says what
// to do when the store cannot be used.
// Up to `upTo` (the latest by default; an older one only for tests that
// make a store as an earlier version left it).
bool migrate(StoreConnection &connection, QString *error, int upTo = latestVersion());
// The version the store is at now (0: empty).
int currentVersion(StoreConnection &connection, QString *error);

}  // namespace StoreSchema

}  // namespace gatehouse
