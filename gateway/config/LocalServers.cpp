#include "config/LocalServers.h"

#include <QUrl>

namespace gatehouse {

bool isLocalModelServer(const QString &providerName, const QString &baseUrl) {
    const QString name = providerName.trimmed().toLower();
    for (const char *local : {"ollama", "vllm", "lmstudio", "llamacpp", "sgl"})
        if (name == QLatin1String(local)) return true;
    const QString host = QUrl(baseUrl.trimmed()).host().toLower();
    return host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")) ||
           host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1") ||
           host == QLatin1String("0.0.0.0");
}

}  // namespace gatehouse
