#include "TargetResolver.h"

#include "config/GatewayConfig.h"

namespace gatehouse {

namespace {

Target splitSpec(const QString &spec, WireFormat format) {
    const qsizetype slash = spec.indexOf(QLatin1Char('/'));
    if (slash > 0) return {spec.left(slash), spec.mid(slash + 1)};
    // A bare model name goes to the provider the client's API belongs to.
    return {QLatin1String(clientCodec(format).defaultProvider()), spec};
}

}  // namespace

// The provider exists, speaks an API we serve, and serves the model.
bool checkTarget(const GatewayConfig &config, const Target &target, const QString &spec,
                 GatewayError *error) {
    const ProviderConfig *provider = config.provider(target.provider);
    if (!provider) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unknown_provider"),
            QStringLiteral("Unknown provider '%1' in model \"%2\". Use \"provider/model\" with one "
                           "of the configured providers: %3.")
                .arg(target.provider, spec, config.providerNames().join(QStringLiteral(", "))));
        // A bare name went to the format's own provider, which is not configured.
        if (!spec.contains(QLatin1Char('/')))
            error->message += QStringLiteral(
                                  " A model name without \"provider/\" goes to the provider "
                                  "named '%1': add one to config.json, or give the client a "
                                  "\"provider/model\" name (e.g. \"mock/echo\"; Gemini CLI: "
                                  "gemini -m mock/echo).")
                                  .arg(target.provider);
        return false;
    }
    if (provider->kind == ProviderKind::Unsupported) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unsupported_provider"),
            QStringLiteral(
                "Provider '%1' is in the config but Gatehouse does not speak its API. "
                "Gatehouse serves OpenAI-compatible servers (set "
                "network_config.base_url), Anthropic, Gemini, Azure OpenAI, AWS Bedrock, Vertex "
                "AI and the mock.")
                .arg(target.provider));
        return false;
    }
    if (target.model.isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("model_required"),
            QStringLiteral("Model \"%1\" names no model after the provider.").arg(spec));
        return false;
    }
    bool served = provider->keys.isEmpty();
    for (const auto &key : provider->keys) served = served || key.allowsModel(target.model);
    if (provider->kind == ProviderKind::Mock)
        served = provider->mock.models.isEmpty() || provider->mock.models.contains(target.model);
    if (!served) {
        QStringList qualified;
        for (const auto &m : provider->models())
            qualified << target.provider + QLatin1Char('/') + m;
        *error = GatewayError::notFound(
            QStringLiteral("model_not_found"),
            QStringLiteral("Provider '%1' does not serve model '%2'. Available: %3.")
                .arg(target.provider, target.model,
                     qualified.isEmpty() ? QStringLiteral("(none listed)")
                                         : qualified.join(QStringLiteral(", "))));
        return false;
    }
    return true;
}

bool resolveTargets(const GatewayConfig &config, const QStringList &specs, WireFormat format,
                    Operation operation, bool stream, ResolvedTargets *out, GatewayError *error) {
    const QList<ModelAlias> &aliases = config.client.modelAliases;
    for (const QString &asked : specs) {
        QString spec = asked;
        std::optional<ModelAliasHit> alias;
        if (!aliases.isEmpty())
            alias = findModelAlias(aliases, asked, QLatin1String(wireFormatName(format)));
        if (alias) spec = alias->target;
        const Target target = splitSpec(spec, format);
        if (!checkTarget(config, target, spec, error)) {
            if (alias)
                error->message += QStringLiteral(" (client.model_aliases[%1] maps \"%2\" to it.)")
                                      .arg(alias->index)
                                      .arg(asked);
            return false;
        }
        if (alias) out->aliases.append({asked, *alias});
        out->targets << target;
    }
    if (stream && operation == Operation::Embedding) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_stream"),
                                              QStringLiteral("Embeddings cannot be streamed."));
        return false;
    }
    return true;
}

}  // namespace gatehouse
