#pragma once

#include <QString>
#include <QStringList>

namespace gatehouse {

// Why a request has no cost. A log row keeps the reason short (a word, and
// the catalogue provider where one is involved) and it is spelt out when
// read, in the log's API and the live feed: the same sentence on every
// unpriced row was a quarter of a logged request's bytes. A note that is no
// code is shown as it is (rows written before, and the rare reasons that
// carry numbers, such as inconsistent token counts).
namespace CostNote {

QString noUsage();       // the provider reported no token usage
QString providerGone();  // the provider was removed while the request ran
QString noModelName();
// The catalogue has no such provider ("mock" and "local" explain themselves).
QString noCatalogProvider(const QString &provider);
// The provider, nor its fallback providers, prices the model.
QString noModelPrice(const QString &provider, const QStringList &fallbacks);

// The sentence a stored note stands for, about the request's `model`.
QString explain(const QString &note, const QString &model);

}  // namespace CostNote

}  // namespace gatehouse
