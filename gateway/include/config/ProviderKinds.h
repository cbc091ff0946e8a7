#pragma once

#include "config/GatewayConfig.h"

#include <QString>
#include <optional>

namespace gatehouse {

// Which wire protocol a provider name implies, and where it lives by default.
// Names follow Bifrost's provider keys; matching ignores case.
namespace ProviderKinds {

// The kind a well-known name fixes; nullopt for names the config must
// explain itself (custom_provider_config or base_url).
std::optional<ProviderKind> kindForName(const QString &name);
// Default network_config.base_url for a known name; empty if it has none and
// the config must set one.
QString defaultBaseUrl(const QString &name);
// "openai" / "anthropic" / "gemini" / "azure" / "bedrock" as used in
// custom_provider_config.base_provider_type.
std::optional<ProviderKind> kindForBaseProviderType(const QString &type);
QString kindName(ProviderKind kind);

}  // namespace ProviderKinds
}  // namespace gatehouse
