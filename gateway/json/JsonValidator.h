#pragma once

#include <QByteArray>
#include <QList>
#include <vector>

namespace gatehouse {

// True when `text` is one well-formed JSON object (RFC 8259; whitespace
// around it allowed), with nesting no deeper than `maxDepth`. A single pass
// with no allocation: it lets the gateway pass a provider's answer on as
// bytes after checking it, instead of building a QJsonDocument it would not
// otherwise need (Qt 6.4's parser costs ~80 instructions per byte).
bool isValidJsonObject(const QByteArray &text, int maxDepth = 512);

// Where one member of an object sits in its text: byte offsets, end
// exclusive. The key's span includes its quotes; the value's is the value's
// own text (a string with its quotes, a nested object with its braces).
struct JsonMemberSpan {
    qsizetype keyBegin = 0;
    qsizetype keyEnd = 0;
    qsizetype valueBegin = 0;
    qsizetype valueEnd = 0;
};

// isValidJsonObject, also listing the outer object's members in order
// (duplicates included). On failure `members` is left empty.
bool scanJsonObject(const QByteArray &text, QList<JsonMemberSpan> *members, int maxDepth = 512);

// A member of an object nested in the text: scanJsonTree's record.
struct JsonTreeMember {
    JsonMemberSpan span;
    int parent = -1;    // the member whose value holds its object; -1: the outer object
    int element = -1;   // its object's index in an array that is the parent's own
                        // value; -1: the object is the value itself; -2: deeper
    int elements = -1;  // when its own value is an array: how many elements
    int next = -1;      // the next member of the same object; -1: the last
};

// isValidJsonObject in the same one pass, also listing every member of
// the objects nested at most `recordDepth` deep (1: the outer object,
// each array or object level one more), in text order. So a reader of a
// few nested fields validates the text once instead of once per level.
// On failure `members` is left empty.
bool scanJsonTree(const QByteArray &text, std::vector<JsonTreeMember> *members, int recordDepth,
                  int maxDepth = 512);

}  // namespace gatehouse
