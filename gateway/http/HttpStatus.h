#pragma once

#include <QByteArray>

namespace gatehouse {

// Reason phrase for a status code ("Not Found" for 404), "Unknown" otherwise.
QByteArray httpReasonPhrase(int status);

}  // namespace gatehouse
