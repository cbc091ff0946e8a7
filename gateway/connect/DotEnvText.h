#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// Edits of a .env file (KEY=value lines, as dotenv reads them) that keep
// every other line as it is.
namespace gatehouse::DotEnvText {

// Replaces the line that sets each key (also "export KEY=...") or appends one.
QByteArray set(const QByteArray &text, const QList<QPair<QByteArray, QByteArray>> &values);
// Removes every line that sets `key`.
QByteArray remove(const QByteArray &text, const QByteArray &key);

// The value text of the last line setting `key` exactly as written (quotes
// kept); empty when unset.
QByteArray rawValue(const QByteArray &text, const QByteArray &key);

// The value the file gives `key` (quotes taken off); empty when unset.
QByteArray value(const QByteArray &text, const QByteArray &key);

}  // namespace gatehouse::DotEnvText
