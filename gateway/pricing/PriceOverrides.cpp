// PriceCatalog::withOverrides: the user's own prices, read from config.
#include "PriceCatalog.h"

#include "PricingJson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

namespace {
const QString kProvider = QStringLiteral("provider");
const QString kModel = QStringLiteral("model");
const QString kContextWindow = QStringLiteral("context_window");

// The prices an override can set: the ones Gatehouse charges for.
const QStringList &priceKeys() {
    static const QStringList keys = {PriceSet::kInput,           PriceSet::kOutput,
                                     PriceSet::kCacheRead,       PriceSet::kCacheWrite,
                                     PriceSet::kOutputReasoning, PriceSet::kRequests};
    return keys;
}

std::optional<PriceCatalog::Override> readOverride(const QJsonValue &value, const JsonPath &path,
                                                   QString *error) {
    using PricingJson::describe;
    using PricingJson::fail;
    if (!value.isObject()) {
        fail(error, path,
             QStringLiteral("expected an object with provider, model and prices, got ") +
                 describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    // An unknown key is refused rather than ignored: "input_mtoks" would
    // otherwise silently leave the input unpriced.
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key() != kProvider && it.key() != kModel && it.key() != kContextWindow &&
            !priceKeys().contains(it.key())) {
            fail(error, path.key(it.key()),
                 QStringLiteral("unknown key (expected provider, model, context_window, %1)")
                     .arg(priceKeys().join(QLatin1String(", "))));
            return std::nullopt;
        }

    PriceCatalog::Override result;
    const QJsonValue provider = object.value(kProvider);
    if (!provider.isString() || provider.toString().trimmed().isEmpty()) {
        fail(error, path.key(kProvider),
             QStringLiteral("expected a catalogue provider id (\"openai\", \"anthropic\", ...), "
                            "got ") +
                 describe(provider));
        return std::nullopt;
    }
    result.providerId = provider.toString().trimmed().toLower();

    const QJsonValue model = object.value(kModel);
    if (model.isString() && !model.toString().trimmed().isEmpty()) {
        result.model.id = model.toString().trimmed();
        result.model.match = ModelMatch::equals(ModelMatch::fold(result.model.id));
    } else if (model.isObject()) {
        auto match = ModelMatch::fromJson(model, path.key(kModel), error);
        if (!match) return std::nullopt;
        result.model.match = *match;
        result.model.id = QString::fromUtf8(
            QJsonDocument(match->toJson().toObject()).toJson(QJsonDocument::Compact));
    } else {
        fail(error, path.key(kModel),
             QStringLiteral("expected a model id or a match object, got ") + describe(model));
        return std::nullopt;
    }

    const QJsonValue window = object.value(kContextWindow);
    if (!window.isUndefined()) {
        if (!PricingJson::isCount(window) || window.toDouble() < 1) {
            fail(error, path.key(kContextWindow),
                 QStringLiteral("expected a whole number of tokens > 0, got ") + describe(window));
            return std::nullopt;
        }
        result.model.contextWindow = qint64(window.toDouble());
    }

    QJsonObject prices;
    for (const QString &key : priceKeys())
        if (object.contains(key)) prices.insert(key, object.value(key));
    if (prices.isEmpty()) {
        fail(error, path,
             QStringLiteral("no price given (set at least one of %1)")
                 .arg(priceKeys().join(QLatin1String(", "))));
        return std::nullopt;
    }
    auto set = PriceSet::fromJson(prices, path, error);
    if (!set) return std::nullopt;
    if (const QString broken = set->inconsistency(); !broken.isEmpty()) {
        fail(error, path,
             broken + QLatin1String(" (cached tokens are part of the input and reasoning part "
                                    "of the output: their prices refine those)"));
        return std::nullopt;
    }
    result.model.prices = ModelPrices(std::move(*set));
    return result;
}
}  // namespace

std::optional<PriceCatalog> PriceCatalog::withOverrides(const QJsonArray &overrides, QString *error,
                                                        const JsonPath &at) const {
    auto list = std::make_shared<QList<Override>>();
    for (int i = 0; i < overrides.size(); ++i) {
        auto read = readOverride(overrides.at(i), at.index(i), error);
        if (!read) return std::nullopt;
        read->model.overrideIndex = i;
        list->append(std::move(*read));
    }
    PriceCatalog catalog = *this;
    catalog.overrides_ = std::move(list);
    return catalog;
}

}  // namespace gatehouse
