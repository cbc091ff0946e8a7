#pragma once

#include <QString>

namespace gatehouse {

// How a secret (a provider API key, the API token) is shown wherever a
// person or a log may see it: enough to tell keys apart, never enough to
// use one. Stateless, any thread.
namespace SecretMask {

// "sk-proj-abc...wxyz" -> "sk-...wxyz": the vendor prefix up to its first
// '-' (when short) and the last 4 characters. Secrets under 12 characters
// show nothing: "****". An empty secret stays empty.
QString mask(const QString &secret);

// `text` with every occurrence of `secret` replaced by mask(secret), for
// text that came from elsewhere (an upstream error that quotes the key).
QString redact(const QString &text, const QString &secret);

// True for header names that carry credentials (Authorization, api-key,
// X-Auth-Token, Cookie, ...), whose values are redacted like keys.
bool isSecretHeaderName(const QString &name);

}  // namespace SecretMask
}  // namespace gatehouse
