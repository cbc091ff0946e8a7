#include "config/JsonPath.h"

namespace gatehouse {

namespace {
bool needsQuoting(const QString &key) {
    if (key.isEmpty()) return true;
    for (QChar c : key)
        if (c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
            c == QLatin1Char('"') || c.isSpace())
            return true;
    return false;
}
}  // namespace

JsonPath JsonPath::key(const QString &name) const {
    JsonPath next = *this;
    next.segments_.append({name, -1});
    return next;
}

JsonPath JsonPath::index(int i) const {
    JsonPath next = *this;
    next.segments_.append({QString(), i});
    return next;
}

QString JsonPath::toString() const {
    QString out;
    for (const Segment &s : segments_) {
        if (s.isIndex()) {
            out += QLatin1Char('[') + QString::number(s.index) + QLatin1Char(']');
        } else if (needsQuoting(s.key)) {
            QString escaped = s.key;
            escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
            out += QLatin1String("[\"") + escaped + QLatin1String("\"]");
        } else {
            if (!out.isEmpty()) out += QLatin1Char('.');
            out += s.key;
        }
    }
    return out;
}

}  // namespace gatehouse
