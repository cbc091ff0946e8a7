#include "PriceQuery.h"

#include "ProviderMapping.h"
#include "config/GatewayConfig.h"
#include "config/ProviderKinds.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

QJsonValue lookupJson(const std::optional<PriceLookup> &found, const QDateTime &when) {
    if (!found) return QJsonValue::Null;
    const CatalogModel &m = found->model;
    QJsonObject out{{QStringLiteral("source"), found->fromOverride ? QStringLiteral("override")
                                                                   : QStringLiteral("catalogue")},
                    {QStringLiteral("priced_by"), found->providerId},
                    {QStringLiteral("matched"), found->matchedName},
                    {QStringLiteral("prices"), m.prices.at(when).toJson()}};
    // An override's model is a name or a match object, kept as compact JSON.
    const QJsonDocument match = QJsonDocument::fromJson(m.id.toUtf8());
    out.insert(QStringLiteral("model"),
               match.isObject() ? QJsonValue(match.object()) : QJsonValue(m.id));
    if (found->fromOverride) out.insert(QStringLiteral("override_index"), m.overrideIndex);
    if (m.contextWindow > 0) out.insert(QStringLiteral("context_window"), m.contextWindow);
    return out;
}

// Who bills for `provider`: a configured provider as a request to it is
// priced, else the name taken as a catalogue provider.
QString billedBy(const PriceCatalog &catalog, const GatewayConfig &config,
                 const QString &provider) {
    if (const ProviderConfig *p = config.provider(provider))
        return catalogProviderFor(ProviderKinds::kindName(p->kind), p->name, p->network.baseUrl,
                                  catalog);
    const QString id = catalog.providerIdForName(provider);
    return id.isEmpty() ? provider.trimmed().toLower() : id;
}

}  // namespace

QJsonObject priceQuery(const PriceCatalog &catalog, const GatewayConfig &config,
                       const QString &provider, const QString &model, const QDateTime &when) {
    const QString billed = billedBy(catalog, config, provider);
    QString why;
    const auto found = catalog.find(billed, model, &why);
    QString unused;
    const auto catalogueOnly = catalog.withOverrides({}, &unused);
    const auto listed = catalogueOnly ? catalogueOnly->find(billed, model) : std::nullopt;
    QJsonObject out{{QStringLiteral("provider"), provider},
                    {QStringLiteral("catalog_provider"), billed},
                    {QStringLiteral("model"), model},
                    {QStringLiteral("price"), lookupJson(found, when)},
                    {QStringLiteral("catalogue"), lookupJson(listed, when)}};
    if (!found) out.insert(QStringLiteral("note"), why);
    return out;
}

}  // namespace gatehouse
