#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// Conservative line edits of a TOML file (Codex's config.toml) that keep
// every other byte: comments, blank lines, key order and formatting. Not a
// TOML parser: it recognises table headers and top-level `key = value`
// lines, which is all the wiring changes.
namespace gatehouse::TomlText {

// Sets top-level keys: a line that sets one already (before the first
// table) is replaced in place; the others go at the top of the file, the
// one place sure to be outside every table and value. Values are TOML text (already quoted).
QByteArray setTopLevel(const QByteArray &toml, const QList<QPair<QByteArray, QByteArray>> &keys);

// Removes the top-level lines that set `key` (before the first table).
QByteArray removeTopLevel(const QByteArray &toml, const QByteArray &key);

// The value text of a top-level `key` exactly as written (quotes and a
// trailing comment included, line end not); empty when absent.
QByteArray rawTopLevelValue(const QByteArray &toml, const QByteArray &key);

// Removes the table `name` and its sub-tables ([name.x]), header to the
// next other header.
QByteArray removeTable(const QByteArray &toml, const QByteArray &name);

// The value text of `key` in the top level (table empty) or in the table
// `table`; empty when absent. Quotes are taken off a basic string.
QByteArray value(const QByteArray &toml, const QByteArray &table, const QByteArray &key);

// A TOML basic string: "text" with quotes and backslashes escaped.
QByteArray quoted(const QString &text);

}  // namespace gatehouse::TomlText
