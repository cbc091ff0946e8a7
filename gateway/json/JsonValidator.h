#pragma once

#include <QByteArray>

namespace gatehouse {

// True when `text` is one well-formed JSON object (RFC 8259; whitespace
// around it allowed), with nesting no deeper than `maxDepth`. A single pass
// with no allocation: it lets the gateway pass a provider's answer on as
// bytes after checking it, instead of building a QJsonDocument it would not
// otherwise need (Qt 6.4's parser costs ~80 instructions per byte).
bool isValidJsonObject(const QByteArray &text, int maxDepth = 512);

}  // namespace gatehouse
