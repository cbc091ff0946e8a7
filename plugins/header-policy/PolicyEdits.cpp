#include "PolicyEdits.h"

#include <algorithm>

namespace gatehouse::headerpolicy {

namespace {

void removeAll(PluginHeaders &headers, const QByteArray &lowerName) {
    headers.removeIf([&](const QPair<QByteArray, QByteArray> &h) {
        return h.first.compare(lowerName, Qt::CaseInsensitive) == 0;
    });
}

}  // namespace

void applyHeaderEdits(const HeaderPolicy &policy, PluginHeaders &headers) {
    for (const QByteArray &name : policy.removeHeaders) removeAll(headers, name);
    for (const auto &[from, to] : policy.renameHeaders) {
        // A structured binding is captured by name only from C++20 on.
        const QByteArray &fromName = from;
        const bool present = std::any_of(headers.cbegin(), headers.cend(), [&](const auto &h) {
            return h.first.compare(fromName, Qt::CaseInsensitive) == 0;
        });
        if (!present) continue;
        // The renamed header replaces one the client sent under the new name.
        removeAll(headers, to);
        for (auto &h : headers)
            if (h.first.compare(from, Qt::CaseInsensitive) == 0) h.first = to;
    }
    for (const auto &[name, value] : policy.addHeaders) {
        removeAll(headers, name);
        headers << qMakePair(name, value);
    }
}

void applyBodyEdits(const HeaderPolicy &policy, QJsonObject &body) {
    for (const QString &key : policy.removeBodyFields) body.remove(key);
    for (auto it = policy.defaultBodyFields.begin(); it != policy.defaultBodyFields.end(); ++it)
        if (!body.contains(it.key())) body.insert(it.key(), it.value());
    for (auto it = policy.setBodyFields.begin(); it != policy.setBodyFields.end(); ++it)
        body.insert(it.key(), it.value());
}

}  // namespace gatehouse::headerpolicy
