#pragma once

#include <QUrl>

namespace gatehouse {

// True when `a` and `b` are the same URL. Copies of one QUrl share their
// data, and a provider's URL is built once and copied into every request
// (joinProviderUrl), so comparing the shared data first answers the common
// case in two loads; QUrl's operator== compares every component (~450
// instructions) and runs only when the data differs.
inline bool sameUrl(const QUrl &a, const QUrl &b) {
    if (const_cast<QUrl &>(a).data_ptr() == const_cast<QUrl &>(b).data_ptr()) return true;
    return a == b;
}

}  // namespace gatehouse
