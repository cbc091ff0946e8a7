#pragma once

#include <QByteArray>

namespace gatehouse {

// Reason phrase for a status code ("Not Found" for 404), "Unknown" otherwise.
const char *httpReasonPhrase(int status);

// Appends `value` in decimal: no QByteArray made for the number.
void appendDecimal(QByteArray &out, qint64 value);

}  // namespace gatehouse
