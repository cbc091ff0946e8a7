#pragma once

#include <QString>

namespace gatehouse {

class StoreConnection;

// The request log's hot segment (schema version 12): the log writer appends
// requests to `requests_hot`, which has no index but its row id, and moves
// them into `requests` (with its indexes for the list's filters and sorts)
// later, a small step at a time, while the gateway is idle or when the
// segment has grown past its cap. Queries read the view `request_log`, both
// parts, so a request is listed from the moment it is written.
//
// The index work a request needs is the same in the end; what changes is
// when it is done: not while the workers need the cores.
namespace HotMerge {

// A step is one transaction of up to kStepRows rows (each transaction
// rewrites the tail pages of every index of `requests`, so bigger is
// cheaper per row), moved in parts of kPartRows (~0.5 ms of CPU on SQLite)
// with a pause between them, like the writer's slices: no part holds a
// core long enough to show in a request's latency.
constexpr int kStepRows = 2048;
constexpr int kPartRows = 256;
constexpr unsigned long kPartPauseUs = 200;
// Over this many hot rows (LogWriter::Options::hotRowsMax), the writer
// merges after every batch even under load. It bounds what a query reads
// of the hot rows without the indexes of `requests` (a filtered list's
// count and a lookup by id read all of them) and so keeps the list within
// a few ms of what it costs on `requests` alone. A burst of up to that many
// requests is logged without the index work until it is over.
constexpr int kDefaultMaxHotRows = 20'000;

// Moves up to kStepRows of the oldest hot rows into `requests`, keeping
// their seq (a row whose id is already there is dropped: ids are unique).
// The rows moved (fewer than kStepRows: the segment is empty), or -1 with
// the store's reason (nothing moved).
int step(StoreConnection &c, QString *error);
// Hot rows waiting; -1 with the store's reason.
qint64 count(StoreConnection &c, QString *error);

}  // namespace HotMerge

}  // namespace gatehouse
