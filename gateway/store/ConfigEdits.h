#pragma once

#include "ConfigStore.h"

#include <QJsonObject>

namespace gatehouse {

// The changes the API and the panel make, as edits for ConfigStore::change().
// Every item they touch gets the source "api". Provider objects have the
// shape of config.json's; a key sent back masked keeps the stored value.
namespace ConfigEdits {

// create: 409 if the provider exists; otherwise 404 if it does not.
ConfigStore::Edit putProvider(const QString &name, QJsonObject provider, bool create);
ConfigStore::Edit removeProvider(const QString &name);
// PUT /api/config: {"client": {...}} sets the keys given (null: back to the
// default); {"providers": {...}} and {"plugins": [...]} replace the whole
// section. Plugin paths are resolved against config.json's folder.
ConfigStore::Edit putSections(QJsonObject body, QString configDirectory);

}  // namespace ConfigEdits
}  // namespace gatehouse
