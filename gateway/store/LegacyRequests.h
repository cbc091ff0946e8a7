#pragma once

#include <QString>

namespace gatehouse {

class StoreConnection;

// Stores written before request blocks (schema 16) hold a row per request
// in `requests`. The migration moves them into request_blocks
// (RequestBlocks.h), in the order they were written, and drops the table:
// every query reads blocks only.
namespace LegacyRequests {

// Inside the migration's transaction; false with the reason (nothing
// changed then: the caller rolls back).
bool convert(StoreConnection &c, QString *error);

}  // namespace LegacyRequests

}  // namespace gatehouse
