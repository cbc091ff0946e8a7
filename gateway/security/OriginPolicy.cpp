#include "OriginPolicy.h"

namespace gatehouse {

OriginPolicy::OriginPolicy(const QStringList &allowedOrigins) {
    for (const QString &entry : allowedOrigins) {
        const QString origin = normalized(entry);
        if (origin == QLatin1String("*"))
            any_ = true;
        else if (!origin.isEmpty())
            allowed_ << origin;
    }
}

QString OriginPolicy::normalized(const QString &origin) {
    QString out = origin.trimmed().toLower();
    while (out.endsWith(QLatin1Char('/'))) out.chop(1);
    return out;
}

bool OriginPolicy::isSameOrigin(const QByteArray &origin, const QByteArray &hostHeader) {
    const QByteArray host = hostHeader.trimmed().toLower();
    return !host.isEmpty() && normalized(QString::fromUtf8(origin)) ==
                                  QStringLiteral("http://") + QString::fromUtf8(host);
}

bool OriginPolicy::allows(const QByteArray &origin, const QByteArray &hostHeader) const {
    if (any_ || isSameOrigin(origin, hostHeader)) return true;
    return allowed_.contains(normalized(QString::fromUtf8(origin)));
}

}  // namespace gatehouse
