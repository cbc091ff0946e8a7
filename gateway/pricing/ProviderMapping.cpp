#include "ProviderMapping.h"

#include "config/LocalServers.h"
#include "config/ProviderKinds.h"

namespace gatehouse {

QString catalogProviderFor(const QString &kind, const QString &providerName, const QString &baseUrl,
                           const PriceCatalog &catalog) {
    const QString k = kind.trimmed().toLower();
    const QString name = providerName.trimmed().toLower();
    if (k == QLatin1String("mock")) return QStringLiteral("mock");
    if (const QString byUrl = catalog.providerIdForBaseUrl(baseUrl); !byUrl.isEmpty()) return byUrl;
    if (const QString byName = catalog.providerIdForName(name); !byName.isEmpty()) return byName;
    if (isLocalModelServer(name, baseUrl)) return QStringLiteral("local");
    if (k == QLatin1String("openai") && name != QLatin1String("openai") &&
        ProviderKinds::kindForName(name) == ProviderKind::OpenAI)
        return name;
    if (k == QLatin1String("gemini") || k == QLatin1String("vertex"))
        return QStringLiteral("google");
    if (k == QLatin1String("bedrock")) return QStringLiteral("aws");
    return k.isEmpty() ? QStringLiteral("openai") : k;
}

}  // namespace gatehouse
