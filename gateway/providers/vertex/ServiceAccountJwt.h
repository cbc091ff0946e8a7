#pragma once

#include "ServiceAccount.h"

#include <QByteArray>

namespace gatehouse {

// The scope Vertex AI's endpoints accept.
inline constexpr char kCloudPlatformScope[] = "https://www.googleapis.com/auth/cloud-platform";

// The self-signed JWT a service account trades for an access token
// (Google's OAuth 2.0 JWT-bearer grant): header {alg RS256, typ JWT, kid},
// claims {iss, scope, aud = token_uri, iat, exp = iat + 1 hour}, signed with
// the account's private key through OpenSSL. Empty on failure, with `error`
// naming the account (never the key).
QByteArray signServiceAccountJwt(const ServiceAccount &account, qint64 issuedAtSeconds,
                                 QString *error);

// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over `data` with a PEM private key.
bool signRs256(const QByteArray &pemKey, const QByteArray &data, QByteArray *signature,
               QString *error);

}  // namespace gatehouse
