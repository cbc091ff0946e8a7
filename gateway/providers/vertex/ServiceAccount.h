#pragma once

#include <QString>

namespace gatehouse {

// A Google service account's key file, as much of it as signing needs.
struct ServiceAccount {
    QString clientEmail;
    QString privateKey;  // PEM; never logged
    QString privateKeyId;
    QString tokenUri;  // where the signed JWT is exchanged for an access token
};

// Reads a service account from a key's auth_credentials: the JSON text
// itself, "env.VAR" naming a variable that holds the JSON or a file path, or
// a file path; empty falls back to the file GOOGLE_APPLICATION_CREDENTIALS
// names. On failure `error` says what is wrong without quoting the key.
bool loadServiceAccount(const QString &authCredentials, ServiceAccount *out, QString *error);

// Parses a service-account JSON document (`source` names it in errors).
bool parseServiceAccount(const QByteArray &json, const QString &source, ServiceAccount *out,
                         QString *error);

}  // namespace gatehouse
