#pragma once

#include "trace/TokenCounts.h"

#include <optional>

namespace gatehouse {

// tokenCountsOfJson's two readers, for the tests that hold them to one
// another: the one-pass reader of plain usage objects (PlainUsage; none
// when the text is not one) and the validating reader of any object.
std::optional<TokenCounts> tokenCountsOfPlainJson(const QByteArray &usage);
TokenCounts tokenCountsOfScannedJson(const QByteArray &usage);

}  // namespace gatehouse
