#pragma once

#include "ResponseBlock.h"

#include <QByteArray>
#include <QByteArrayView>
#include <vector>

namespace gatehouse {

// The ids of stored responses, as the blocks record and the lookups read
// them (ResponseStore).
namespace ResponseBlock {

// The creation time an id of newResponseId()'s shape (codecs/responses:
// "resp_", then 12 hex digits of the time in ms) carries, or -1. An id of
// another shape is found through stored_response_ids, as are the ids older
// versions wrote there; a random one that only looks timed is first looked
// for in the blocks of its apparent time (a block is only a candidate: its
// entries are checked).
qint64 idTimeMs(QByteArrayView id);

// What a block records about its entries' ids: the range of the times they
// carry (both -1 when none does), and the entries whose ids carry none.
struct Ids {
    qint64 firstMs = -1, lastMs = -1;
    std::vector<const EntryView *> untimed;
};
Ids idsOf(const std::vector<EntryView> &entries);

// An id (UTF-8, as a QString's toUtf8() made it) as a JSON string, without
// decoding it: it needs only quotes, backslashes and control characters
// escaped.
void appendIdJson(QByteArray &out, QByteArrayView id);

}  // namespace ResponseBlock

}  // namespace gatehouse
