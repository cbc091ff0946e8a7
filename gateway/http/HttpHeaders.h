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

    void add(const QByteArray &name, const QByteArray &value) { fields_.append({name, value}); }
    // Replaces every field called `name` with one field.
    void set(const QByteArray &name, const QByteArray &value);
    void remove(const QByteArray &name);
    bool contains(const QByteArray &name) const;
    // First value of `name`, or `fallback` when absent.
    QByteArray value(const QByteArray &name, const QByteArray &fallback = {}) const;

    const QList<Field> &fields() const { return fields_; }
    int size() const { return int(fields_.size()); }
    bool isEmpty() const { return fields_.isEmpty(); }

private:
    QList<Field> fields_;
};

}  // namespace gatehouse
