#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace gatehouse {

// An ordered list of HTTP header fields with case-insensitive lookup.
// Order and duplicates are kept, because proxies must not reorder or merge them.
class HttpHeaders {
public:
    using Field = QPair<QByteArray, QByteArray>;

    void add(const QByteArray &name, const QByteArray &value) {
        // Room for a usual request's fields at once, not grown 1, 2, 4, 8.
        if (fields_.capacity() == 0) fields_.reserve(8);
        fields_.append({name, value});
    }
    // Replaces every field called `name` with one field.
    void set(const QByteArray &name, const QByteArray &value);
    // Names to look up are views: a literal costs no allocation.
    void remove(QByteArrayView name);
    bool contains(QByteArrayView name) const;
    // First value of `name`, or `fallback` when absent.
    QByteArray value(QByteArrayView name, const QByteArray &fallback = {}) const;

    const QList<Field> &fields() const { return fields_; }
    int size() const { return int(fields_.size()); }
    bool isEmpty() const { return fields_.isEmpty(); }

private:
    QList<Field> fields_;
};

}  // namespace gatehouse
