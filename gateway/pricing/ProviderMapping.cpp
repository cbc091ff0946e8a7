#include "ProviderMapping.h"

#include "config/ProviderKinds.h"

#include <QUrl>

namespace gatehouse {

namespace {
bool isLocalServerName(const QString &name) {
    for (const char *local : {"ollama", "vllm", "lmstudio", "llamacpp", "sgl"})
        if (name == QLatin1String(local)) return true;
    return false;
}

bool isLoopback(const QString &baseUrl) {
    const QString host = QUrl(baseUrl.trimmed()).host().toLower();
    return host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")) ||
           host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1") ||
           host == QLatin1String("0.0.0.0");
}
}  // namespace

QString catalogProviderFor(const QString &kind, const QString &providerName, const QString &baseUrl,
                           const PriceCatalog &catalog) {
    const QString k = kind.trimmed().toLower();
    const QString name = providerName.trimmed().toLower();
    if (k == QLatin1String("mock")) return QStringLiteral("mock");
    if (const QString byUrl = catalog.providerIdForBaseUrl(baseUrl); !byUrl.isEmpty()) return byUrl;
    if (const QString byName = catalog.providerIdForName(name); !byName.isEmpty()) return byName;
    if (isLocalServerName(name) || isLoopback(baseUrl)) return QStringLiteral("local");
    if (k == QLatin1String("openai") && name != QLatin1String("openai") &&
        ProviderKinds::kindForName(name) == ProviderKind::OpenAI)
        return name;
    if (k == QLatin1String("gemini") || k == QLatin1String("vertex"))
        return QStringLiteral("google");
    if (k == QLatin1String("bedrock")) return QStringLiteral("aws");
    return k.isEmpty() ? QStringLiteral("openai") : k;
}

}  // namespace gatehouse
