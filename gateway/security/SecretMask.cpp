#include "SecretMask.h"

namespace gatehouse {
namespace SecretMask {

namespace {
constexpr int kShortest = 12;  // below this, even 4 characters give too much away
constexpr int kShownTail = 4;
constexpr int kLongestPrefix = 4;  // "sk-", "gsk-", "pk-"
}  // namespace

QString mask(const QString &secret) {
    if (secret.isEmpty()) return {};
    if (secret.size() < kShortest) return QStringLiteral("****");
    const qsizetype dash = secret.indexOf(QLatin1Char('-'));
    const QString prefix = dash > 0 && dash < kLongestPrefix ? secret.left(dash + 1) : QString();
    return prefix + QStringLiteral("...") + secret.right(kShownTail);
}

QString redact(const QString &text, const QString &secret) {
    // Tiny secrets would also match ordinary words; keys are never that short.
    if (secret.size() < 4 || !text.contains(secret)) return text;
    QString out = text;
    out.replace(secret, mask(secret));
    return out;
}

bool isSecretHeaderName(const QString &name) {
    for (const char *word : {"auth", "key", "token", "secret", "password", "cookie"})
        if (name.contains(QLatin1String(word), Qt::CaseInsensitive)) return true;
    return false;
}

}  // namespace SecretMask
}  // namespace gatehouse
