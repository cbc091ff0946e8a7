#pragma once

#include "store/ConfigStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse {

// The changes the API and the panel make, as edits for ConfigStore::change().
// Every item they touch gets the source "api". Provider objects have the
// shape of config.json's; a key sent back masked keeps the stored value.
namespace ConfigEdits {

// Whether the caller showed the API token (the panel is trusted). An
// untrusted caller, the owner's own scripts included, may not point a
// provider at another base_url (a new provider at any) while it keeps a
// stored key (sent back masked) or reads a key from the environment
// ("env.VAR"): that would send the key, which it cannot read, to an address
// of its choosing (401).
enum class Caller { Trusted, Untrusted };

// create: 409 if the provider exists; otherwise 404 if it does not.
ConfigStore::Edit putProvider(const QString &name, QJsonObject provider, bool create,
                              Caller caller = Caller::Trusted);
ConfigStore::Edit removeProvider(const QString &name);
// PUT /api/config: {"client": {...}} sets the keys given (null: back to the
// default); {"providers": {...}} and {"plugins": [...]} replace the whole
// section. Plugin paths are resolved against config.json's folder.
ConfigStore::Edit putSections(QJsonObject body, QString configDirectory,
                              Caller caller = Caller::Trusted);

// The price overrides (config.json's "pricing"), replaced whole: validated
// as the file's are, a refusal naming its path ("pricing[0].input_mtok").
// Implemented in PricingEdits.cpp.
ConfigStore::Edit putPricing(QJsonArray overrides);
// The overrides in effect (the store's, else none) and where they came from
// (ConfigSource; empty when nobody set any).
QJsonArray priceOverrides(const ConfigContent &content, QString *source = nullptr);

}  // namespace ConfigEdits
}  // namespace gatehouse
