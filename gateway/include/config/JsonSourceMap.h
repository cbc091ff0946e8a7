#pragma once

#include "config/JsonPath.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <vector>

namespace gatehouse {

// Where each value of a JSON text sits. QJsonDocument keeps no positions,
// sorts object keys and silently drops duplicate keys; this map recovers all
// three from the raw text, so config errors can name a line and column, and
// providers keep their file order. Built from text QJsonDocument accepted;
// on anything unexpected it gives up (isValid() false) and locates nothing.
class JsonSourceMap {
public:
    struct Location {
        int line = 0;    // 1-based; 0 = unknown
        int column = 0;  // 1-based, in characters
    };
    struct Member {
        QString key;
        qsizetype keyOffset = 0;  // of the key's opening quote
        int node = -1;
    };

    explicit JsonSourceMap(const QByteArray &text);

    bool isValid() const { return valid_; }
    // Position of the member's key (or the array element) that `path` names.
    // If part of the path is missing, the nearest existing ancestor's.
    Location locate(const JsonPath &path) const;
    // Every member of the object at `path`, in text order, duplicates included.
    QList<Member> members(const JsonPath &path) const;
    Location locationOf(qsizetype offset) const { return lineColumn(text_, offset); }

    static Location lineColumn(const QByteArray &text, qsizetype offset);

private:
    struct Node {
        qsizetype offset = 0;
        QList<Member> members;
        QList<int> elements;
    };

    int parseValue();
    bool parseString(QString *decoded);
    void skipWhitespace();
    bool expect(char c);
    bool skipComma();
    // Node the path leads to as far as it exists, and the offset to report.
    int resolve(const JsonPath &path, qsizetype *offset, bool *complete) const;

    QByteArray text_;
    qsizetype pos_ = 0;
    int depth_ = 0;
    bool valid_ = true;
    std::vector<Node> nodes_;
};

}  // namespace gatehouse
