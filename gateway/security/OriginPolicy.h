#pragma once

#include <QByteArray>
#include <QStringList>

namespace gatehouse {

// Which web pages may call the gateway from a browser (CORS). Only the
// origins in client.allowed_origins ("*": any), plus pages the gateway
// itself served (same origin). Requests without an Origin header — SDKs,
// curl, editors — are not a page's and are not judged here. Immutable; any
// thread.
class OriginPolicy {
public:
    explicit OriginPolicy(const QStringList &allowedOrigins);

    // `origin` as sent ("https://app.example.com", "null"); `hostHeader` is
    // the request's Host, to recognise a same-origin request.
    bool allows(const QByteArray &origin, const QByteArray &hostHeader) const;
    // A page of the gateway's own origin needs no CORS headers.
    static bool isSameOrigin(const QByteArray &origin, const QByteArray &hostHeader);

    // "https://Example.com:443/" -> "https://example.com:443": the form
    // compared; origins have no path, and case does not matter in them.
    static QString normalized(const QString &origin);

private:
    QStringList allowed_;  // normalized
    bool any_ = false;
};

}  // namespace gatehouse
