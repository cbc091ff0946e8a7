#include "HttpHeaders.h"

namespace gatehouse {

namespace {
bool sameName(const QByteArray &a, QByteArrayView b) {
    return a.size() == b.size() && qstrnicmp(a.constData(), b.data(), a.size()) == 0;
}
}  // namespace

void HttpHeaders::set(const QByteArray &name, const QByteArray &value) {
    remove(name);
    add(name, value);
}

void HttpHeaders::remove(QByteArrayView name) {
    fields_.removeIf([&](const Field &f) { return sameName(f.first, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const {
    for (const auto &f : fields_)
        if (sameName(f.first, name)) return true;
    return false;
}

QByteArray HttpHeaders::value(QByteArrayView name, const QByteArray &fallback) const {
    for (const auto &f : fields_)
        if (sameName(f.first, name)) return f.second;
    return fallback;
}

}  // namespace gatehouse
