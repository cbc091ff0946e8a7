#pragma once

#include <QList>
#include <QString>

namespace gatehouse {

// A path into a JSON document (providers.openai.keys[0].weight), used to
// name the offending value in config errors and to find it in the raw text.
class JsonPath {
public:
    struct Segment {
        QString key;
        int index = -1;  // >= 0 for an array element
        bool isIndex() const { return index >= 0; }
    };

    JsonPath key(const QString &name) const;
    JsonPath index(int i) const;

    const QList<Segment> &segments() const { return segments_; }
    bool isEmpty() const { return segments_.isEmpty(); }
    // Dotted form; keys that would be ambiguous there are written ["key"].
    QString toString() const;

private:
    QList<Segment> segments_;
};

}  // namespace gatehouse
