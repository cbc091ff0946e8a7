#include "config/GatewayConfig.h"

namespace gatehouse {

namespace {
const QLatin1String kEnvPrefix("env.");
const QLatin1String kAnyModel("*");
}  // namespace

bool KeyConfig::isEnvReference() const {
    return value.startsWith(kEnvPrefix) && value.size() > kEnvPrefix.size();
}

QString KeyConfig::envVariable() const {
    return isEnvReference() ? value.mid(kEnvPrefix.size()) : QString();
}

QString resolveEnvReference(const QString &value) {
    if (!value.startsWith(kEnvPrefix) || value.size() <= kEnvPrefix.size()) return value;
    return qEnvironmentVariable(value.mid(kEnvPrefix.size()).toLocal8Bit().constData());
}

QString KeyConfig::resolve() const {
    return isEnvReference() ? qEnvironmentVariable(envVariable().toLocal8Bit().constData()) : value;
}

bool KeyConfig::allowsModel(const QString &model) const {
    return models.isEmpty() || models.contains(kAnyModel) || models.contains(model);
}

QStringList ProviderConfig::models() const {
    if (kind == ProviderKind::Mock) return mock.models;
    QStringList out;
    for (const KeyConfig &key : keys)
        for (const QString &model : key.models)
            if (model != kAnyModel && !out.contains(model)) out.append(model);
    return out;
}

int ProviderConfig::configuredContextWindow(const QString &model) const {
    if (const int own = contextWindows.value(model)) return own;
    return qMax(0, contextWindow);
}

int ProviderConfig::contextWindowFor(const QString &model, bool *assumed) const {
    if (assumed) *assumed = false;
    if (const int configured = configuredContextWindow(model)) return configured;
    if (!ollama) return 0;
    if (assumed) *assumed = true;
    return kOllamaDefaultContext;
}

const ProviderConfig *GatewayConfig::provider(const QString &name) const {
    // The name as configured first (a route's target carries it so): a
    // plain comparison stops at the first differing length.
    for (const ProviderConfig &p : providers)
        if (p.name == name) return &p;
    for (const ProviderConfig &p : providers)
        if (p.name.compare(name, Qt::CaseInsensitive) == 0) return &p;
    return nullptr;
}

QStringList GatewayConfig::providerNames() const {
    QStringList names;
    for (const ProviderConfig &p : providers) names.append(p.name);
    return names;
}

}  // namespace gatehouse
