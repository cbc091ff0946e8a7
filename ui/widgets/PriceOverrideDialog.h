#pragma once

#include <QJsonObject>
#include <optional>

class QWidget;

namespace gatehouse {

// Asks for one price override: provider, model (a name, or a match object
// such as {"starts_with": "llama"}) and its prices per million tokens. A
// price field takes a number, or a tiered price as JSON ({"base", "tiers"}),
// and left empty sets no price. Keys the dialog has no field for
// (output_reasoning_mtok, requests_kcount, context_window) are kept from
// `entry`. The gateway checks the result (PricesPage shows its refusal).
// nullopt when cancelled.
std::optional<QJsonObject> askForPriceOverride(QWidget *parent, const QJsonObject &entry);

// A price field's text as the override holds it: a number, a JSON object,
// or undefined for an empty field; what is neither is kept as the text, for
// the gateway to refuse with its path.
QJsonValue priceFromText(const QString &text);
// The text a field shows for a price.
QString priceFieldText(const QJsonValue &price);

}  // namespace gatehouse
