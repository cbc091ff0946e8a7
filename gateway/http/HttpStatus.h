#pragma once

#include "json/ByteAppend.h"

#include <QByteArray>

namespace gatehouse {

// Reason phrase for a status code ("Not Found" for 404), "Unknown" otherwise.
const char *httpReasonPhrase(int status);

}  // namespace gatehouse
