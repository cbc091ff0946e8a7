#pragma once

#include "PriceCatalog.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse {

struct GatewayConfig;

// Which price a provider and model get, for people: GET /api/pricing/lookup
// and the panel's price lookup answer with it. `provider` is a provider of
// the running config (its catalogue provider follows from its kind, name
// and base URL, as for a request) or, when none has that name, a catalogue
// provider id ("openai", "local"). The answer:
//   {"provider", "catalog_provider", "model",
//    "price": the price a request gets now (the catalogue's or the override
//             that wins), or null, with "note" saying why,
//    "catalogue": what the catalogue alone says, or null}
// where a price is {"source": "override" | "catalogue", "priced_by" (the
// catalogue provider whose entry it is), "matched" (the name that matched),
// "model" (the entry's id or match), "override_index" (overrides only:
// its place in "pricing"), "context_window" (when known), "prices" (those
// in force at `when`, as in "pricing": input_mtok, output_mtok, ...)}.
QJsonObject priceQuery(const PriceCatalog &catalog, const GatewayConfig &config,
                       const QString &provider, const QString &model,
                       const QDateTime &when = QDateTime::currentDateTimeUtc());

}  // namespace gatehouse
