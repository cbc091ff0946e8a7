#pragma once

#include "config/GatewayConfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse {

// Which API a provider speaks, as the editor's "Kind" list offers it, and
// how config.json says so: a well-known name ("anthropic", "bedrock") fixes
// the kind; any other name carries
// custom_provider_config.base_provider_type, as Bifrost writes it.
namespace ProviderKindChoice {

// Every kind the gateway serves, in the order the list shows them.
QList<ProviderKind> kinds();
QString label(ProviderKind kind);
// The kind of a stored provider (OpenAI-compatible when nothing says otherwise).
ProviderKind detect(const QString &name, const QJsonObject &provider);
// Writes `kind` into `provider` for a provider called `name`; false with a
// message for people when the name fixes another kind.
bool apply(const QString &name, ProviderKind kind, QJsonObject *provider, QString *error);
// Whether keys of this kind need a value (Vertex and Bedrock sign with
// their key settings or the environment instead).
bool needsKeyValue(ProviderKind kind);

}  // namespace ProviderKindChoice
}  // namespace gatehouse
