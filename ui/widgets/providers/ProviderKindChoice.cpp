#include "ProviderKindChoice.h"

#include "config/ProviderKinds.h"

#include <QCoreApplication>

namespace gatehouse {
namespace ProviderKindChoice {

namespace {
const QString kCustom = QStringLiteral("custom_provider_config");
const QString kBaseType = QStringLiteral("base_provider_type");

QString tr(const char *text) {
    return QCoreApplication::translate("ProviderKindChoice", text);
}
}  // namespace

QList<ProviderKind> kinds() {
    return {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini,
            ProviderKind::Azure,  ProviderKind::Vertex,    ProviderKind::Bedrock,
            ProviderKind::Mock};
}

QString label(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::OpenAI:
            return tr("OpenAI-compatible");
        case ProviderKind::Anthropic:
            return tr("Anthropic");
        case ProviderKind::Gemini:
            return tr("Google Gemini (AI Studio)");
        case ProviderKind::Azure:
            return tr("Azure OpenAI");
        case ProviderKind::Vertex:
            return tr("Google Vertex AI");
        case ProviderKind::Bedrock:
            return tr("Amazon Bedrock");
        case ProviderKind::Mock:
            return tr("Built-in mock");
        case ProviderKind::Unsupported:
            break;
    }
    return tr("Not served by Gatehouse");
}

ProviderKind detect(const QString &name, const QJsonObject &provider) {
    if (const auto known = ProviderKinds::kindForName(name)) return *known;
    const QString type = provider.value(kCustom).toObject().value(kBaseType).toString();
    if (type.isEmpty()) return ProviderKind::OpenAI;
    return ProviderKinds::kindForBaseProviderType(type).value_or(ProviderKind::Unsupported);
}

bool apply(const QString &name, ProviderKind kind, QJsonObject *provider, QString *error) {
    QJsonObject custom = provider->value(kCustom).toObject();
    if (const auto known = ProviderKinds::kindForName(name)) {
        if (*known != kind) {
            *error = tr("The name \"%1\" always speaks %2: choose that kind, or another name "
                        "for a %3 provider.")
                         .arg(name, label(*known), label(kind));
            return false;
        }
        custom.remove(kBaseType);  // the name says it
    } else if (kind == ProviderKind::Mock) {
        *error = tr("The built-in mock provider is called \"mock\".");
        return false;
    } else if (kind == ProviderKind::OpenAI && !custom.contains(kBaseType)) {
        // An unknown name with a base URL is OpenAI-compatible already.
    } else {
        custom.insert(kBaseType, ProviderKinds::kindName(kind));
    }
    if (custom.isEmpty())
        provider->remove(kCustom);
    else
        provider->insert(kCustom, custom);
    return true;
}

bool needsKeyValue(ProviderKind kind) {
    return kind != ProviderKind::Vertex && kind != ProviderKind::Bedrock;
}

}  // namespace ProviderKindChoice
}  // namespace gatehouse
