#include "HttpHeaders.h"

namespace gatehouse {

namespace {
bool sameName(const QByteArray &a, const QByteArray &b) {
    return a.size() == b.size() && qstrnicmp(a.constData(), b.constData(), a.size()) == 0;
}
}  // namespace

void HttpHeaders::set(const QByteArray &name, const QByteArray &value) {
    remove(name);
    add(name, value);
}

void HttpHeaders::remove(const QByteArray &name) {
    fields_.removeIf([&](const Field &f) { return sameName(f.first, name); });
}

bool HttpHeaders::contains(const QByteArray &name) const {
    for (const auto &f : fields_)
        if (sameName(f.first, name)) return true;
    return false;
}

QByteArray HttpHeaders::value(const QByteArray &name, const QByteArray &fallback) const {
    for (const auto &f : fields_)
        if (sameName(f.first, name)) return f.second;
    return fallback;
}

}  // namespace gatehouse
