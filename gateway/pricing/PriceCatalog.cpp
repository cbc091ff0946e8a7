#include "PriceCatalog.h"

#include "PricingJson.h"
#include "trace/CostNote.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

struct PriceCatalog::Data {
    Source source;
    QList<CatalogProvider> providers;
    QHash<QString, int> index;  // id -> providers[i]
    int modelCount = 0;
};

namespace {
const char kBuiltInResource[] = ":/gatehouse/prices/catalog.json";

// "-20250929" as "-2025-09-29" where it is a real date followed by '-', ':'
// or the end, as genai-prices normalises ids before its second try.
QString withIsoDates(const QString &name) {
    static const QRegularExpression dated(
        QStringLiteral("-(20\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?=-|:|$)"));
    QString out;
    qsizetype done = 0;
    auto it = dated.globalMatch(name);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        if (!date.isValid()) continue;
        out += QStringView(name).mid(done, m.capturedStart() - done);
        out += QLatin1Char('-') + m.captured(1) + QLatin1Char('-') + m.captured(2) +
               QLatin1Char('-') + m.captured(3);
        done = m.capturedEnd();
    }
    if (done == 0) return name;
    out += QStringView(name).mid(done);
    return out;
}

std::optional<QString> readString(const QJsonObject &object, const QString &key,
                                  const JsonPath &path, bool required, QString *error) {
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && !required) return QString();
    if (!value.isString() || (required && value.toString().isEmpty())) {
        PricingJson::fail(
            error, path.key(key),
            QStringLiteral("expected a non-empty string, got ") + PricingJson::describe(value));
        return std::nullopt;
    }
    return value.toString();
}

bool readOptionalMatch(const QJsonObject &object, const QString &key, const JsonPath &path,
                       std::optional<ModelMatch> *out, QString *error) {
    const QJsonValue value = object.value(key);
    if (value.isUndefined()) return true;
    *out = ModelMatch::fromJson(value, path.key(key), error);
    return out->has_value();
}

std::optional<CatalogModel> readModel(const QJsonValue &value, const JsonPath &path,
                                      QString *error) {
    if (!value.isObject()) {
        PricingJson::fail(
            error, path,
            QStringLiteral("expected a model object, got ") + PricingJson::describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    CatalogModel model;
    const auto id = readString(object, QStringLiteral("id"), path, true, error);
    if (!id) return std::nullopt;
    model.id = *id;
    auto match = ModelMatch::fromJson(object.value(QLatin1String("match")),
                                      path.key(QStringLiteral("match")), error);
    if (!match) return std::nullopt;
    model.match = *match;
    const QJsonValue window = object.value(QLatin1String("context_window"));
    if (!window.isUndefined()) {
        if (!PricingJson::isCount(window)) {
            PricingJson::fail(error, path.key(QStringLiteral("context_window")),
                              QStringLiteral("expected a whole number of tokens, got ") +
                                  PricingJson::describe(window));
            return std::nullopt;
        }
        model.contextWindow = qint64(window.toDouble());
    }
    auto prices = ModelPrices::fromJson(object.value(QLatin1String("prices")),
                                        path.key(QStringLiteral("prices")), error);
    if (!prices) return std::nullopt;
    model.prices = std::move(*prices);
    return model;
}

std::optional<CatalogProvider> readProvider(const QJsonValue &value, const JsonPath &path,
                                            QString *error) {
    if (!value.isObject()) {
        PricingJson::fail(
            error, path,
            QStringLiteral("expected a provider object, got ") + PricingJson::describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    CatalogProvider provider;
    const auto id = readString(object, QStringLiteral("id"), path, true, error);
    const auto name =
        id ? readString(object, QStringLiteral("name"), path, false, error) : std::nullopt;
    const auto api =
        name ? readString(object, QStringLiteral("api_pattern"), path, false, error) : std::nullopt;
    if (!api) return std::nullopt;
    provider.id = id->toLower();
    provider.name = name->isEmpty() ? *id : *name;
    if (!api->isEmpty()) {
        // Anchored at the start, as the package applies it.
        provider.apiPattern = QRegularExpression(QStringLiteral("^(?:%1)").arg(*api));
        if (!provider.apiPattern.isValid()) {
            PricingJson::fail(
                error, path.key(QStringLiteral("api_pattern")),
                QStringLiteral("invalid regular expression: ") + provider.apiPattern.errorString());
            return std::nullopt;
        }
    }
    if (!readOptionalMatch(object, QStringLiteral("provider_match"), path, &provider.providerMatch,
                           error) ||
        !readOptionalMatch(object, QStringLiteral("model_match"), path, &provider.modelMatch,
                           error))
        return std::nullopt;
    const QJsonValue fallbacks = object.value(QLatin1String("fallback_model_providers"));
    if (!fallbacks.isUndefined()) {
        const JsonPath at = path.key(QStringLiteral("fallback_model_providers"));
        if (!fallbacks.isArray()) {
            PricingJson::fail(error, at,
                              QStringLiteral("expected an array of provider ids, got ") +
                                  PricingJson::describe(fallbacks));
            return std::nullopt;
        }
        const QJsonArray ids = fallbacks.toArray();
        for (int i = 0; i < ids.size(); ++i) {
            if (!ids.at(i).isString()) {
                PricingJson::fail(error, at.index(i),
                                  QStringLiteral("expected a provider id, got ") +
                                      PricingJson::describe(ids.at(i)));
                return std::nullopt;
            }
            provider.fallbackModelProviders.append(ids.at(i).toString().toLower());
        }
    }
    const QJsonValue models = object.value(QLatin1String("models"));
    const JsonPath modelsPath = path.key(QStringLiteral("models"));
    if (!models.isArray()) {
        PricingJson::fail(
            error, modelsPath,
            QStringLiteral("expected an array of models, got ") + PricingJson::describe(models));
        return std::nullopt;
    }
    const QJsonArray items = models.toArray();
    provider.models.reserve(items.size());
    for (int i = 0; i < items.size(); ++i) {
        auto model = readModel(items.at(i), modelsPath.index(i), error);
        if (!model) return std::nullopt;
        provider.models.append(std::move(*model));
    }
    return provider;
}
}  // namespace

PriceCatalog::PriceCatalog()
    : data_(std::make_shared<Data>()), overrides_(std::make_shared<QList<Override>>()) {}

std::optional<PriceCatalog> PriceCatalog::fromJson(const QByteArray &json, QString *error) {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("not valid JSON: %1 (at offset %2)")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (error) *error = QStringLiteral("expected an object with \"providers\"");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    auto data = std::make_shared<Data>();

    const QJsonObject source = root.value(QLatin1String("source")).toObject();
    data->source.package = source.value(QLatin1String("package")).toString();
    data->source.version = source.value(QLatin1String("version")).toString();
    data->source.licence = source.value(QLatin1String("licence")).toString();
    data->source.generated = source.value(QLatin1String("generated")).toString();

    const QJsonValue providers = root.value(QLatin1String("providers"));
    const JsonPath providersPath = JsonPath().key(QStringLiteral("providers"));
    if (!providers.isArray()) {
        PricingJson::fail(error, providersPath,
                          QStringLiteral("expected an array of providers, got ") +
                              PricingJson::describe(providers));
        return std::nullopt;
    }
    const QJsonArray items = providers.toArray();
    for (int i = 0; i < items.size(); ++i) {
        auto provider = readProvider(items.at(i), providersPath.index(i), error);
        if (!provider) return std::nullopt;
        if (data->index.contains(provider->id)) {
            PricingJson::fail(error, providersPath.index(i).key(QStringLiteral("id")),
                              QStringLiteral("provider \"%1\" is listed twice").arg(provider->id));
            return std::nullopt;
        }
        data->index.insert(provider->id, int(data->providers.size()));
        data->modelCount += int(provider->models.size());
        data->providers.append(std::move(*provider));
    }
    for (int i = 0; i < data->providers.size(); ++i) {
        const QStringList &fallbacks = data->providers.at(i).fallbackModelProviders;
        for (int j = 0; j < fallbacks.size(); ++j)
            if (!data->index.contains(fallbacks.at(j))) {
                PricingJson::fail(
                    error,
                    providersPath.index(i).key(QStringLiteral("fallback_model_providers")).index(j),
                    QStringLiteral("no provider \"%1\" in the catalogue").arg(fallbacks.at(j)));
                return std::nullopt;
            }
    }

    PriceCatalog catalog;
    catalog.data_ = std::move(data);
    return catalog;
}

const PriceCatalog &PriceCatalog::builtIn() {
    // A function-local static: C++11 guarantees one initialisation, even
    // with several threads asking at once.
    static const PriceCatalog catalog = [] {
        QFile file(QString::fromLatin1(kBuiltInResource));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("gatehouse: the built-in price catalogue %s is missing: no costs",
                     kBuiltInResource);
            return PriceCatalog();
        }
        QString error;
        auto read = fromJson(file.readAll(), &error);
        if (!read) {
            qWarning("gatehouse: the built-in price catalogue is refused: %s: no costs",
                     qPrintable(error));
            return PriceCatalog();
        }
        return *read;
    }();
    return catalog;
}

std::optional<CatalogModel> PriceCatalog::findAtOne(const QString &providerId,
                                                    const QString &folded,
                                                    bool *fromOverride) const {
    for (const Override &o : *overrides_)
        if (o.providerId == providerId && o.model.match.matchesFolded(folded)) {
            *fromOverride = true;
            return o.model;
        }
    if (const CatalogProvider *p = provider(providerId))
        for (const CatalogModel &model : p->models)
            if (model.match.matchesFolded(folded)) {
                *fromOverride = false;
                return model;
            }
    return std::nullopt;
}

std::optional<CatalogModel> PriceCatalog::findAt(const QString &providerId, const QString &folded,
                                                 QString *pricedBy, bool *fromOverride) const {
    if (auto model = findAtOne(providerId, folded, fromOverride)) {
        *pricedBy = providerId;
        return model;
    }
    // One level, as in the package: a fallback's own fallbacks are not tried.
    if (const CatalogProvider *p = provider(providerId))
        for (const QString &fallback : p->fallbackModelProviders)
            if (auto model = findAtOne(fallback, folded, fromOverride)) {
                *pricedBy = fallback;
                return model;
            }
    return std::nullopt;
}

std::optional<PriceLookup> PriceCatalog::find(const QString &catalogProviderId,
                                              const QString &model, QString *why) const {
    auto found = findNoting(catalogProviderId, model, why);
    if (!found && why) *why = CostNote::explain(*why, model);
    return found;
}

std::optional<PriceLookup> PriceCatalog::findNoting(const QString &catalogProviderId,
                                                    const QString &model, QString *note) const {
    const QString providerId = catalogProviderId.trimmed().toLower();
    const QString folded = ModelMatch::fold(model);
    if (folded.isEmpty()) {
        if (note) *note = CostNote::noModelName();
        return std::nullopt;
    }

    auto tryName = [&](const QString &at, const QString &name) -> std::optional<PriceLookup> {
        PriceLookup found;
        const QString dated = withIsoDates(name);
        for (const QString &candidate : {name, dated}) {
            if (auto entry = findAt(at, candidate, &found.providerId, &found.fromOverride)) {
                found.matchedName = candidate;
                found.model = std::move(*entry);
                return found;
            }
            if (dated == name) break;
        }
        return std::nullopt;
    };

    if (auto found = tryName(providerId, folded)) return found;
    const qsizetype slash = folded.lastIndexOf(QLatin1Char('/'));
    if (slash >= 0 && slash + 1 < folded.size()) {
        const QString tail = folded.mid(slash + 1);
        if (auto found = tryName(providerId, tail)) return found;
        const QString vendor = providerIdForName(folded.left(folded.indexOf(QLatin1Char('/'))));
        if (!vendor.isEmpty() && vendor != providerId)
            if (auto found = tryName(vendor, tail)) return found;
    }

    if (note) {
        bool hasOverrides = false;
        for (const Override &o : *overrides_) hasOverrides |= o.providerId == providerId;
        const CatalogProvider *p = provider(providerId);
        if (!p && !hasOverrides)
            *note = CostNote::noCatalogProvider(providerId);
        else
            *note =
                CostNote::noModelPrice(providerId, p ? p->fallbackModelProviders : QStringList());
    }
    return std::nullopt;
}

QString PriceCatalog::providerIdForName(const QString &name) const {
    QString n = name.trimmed().toLower();
    if (n.isEmpty()) return {};
    auto known = [this](const QString &id) { return data_->index.contains(id); };
    if (known(n)) return n;
    // Azure deployments often carry "openai" in their name too; Azure bills them.
    if (n.contains(QLatin1String("azure")) && known(QStringLiteral("azure")))
        return QStringLiteral("azure");
    static const QHash<QString, QString> aliases = {
        {QStringLiteral("xai"), QStringLiteral("x-ai")},
        {QStringLiteral("grok"), QStringLiteral("x-ai")},
        {QStringLiteral("bedrock"), QStringLiteral("aws")},
        {QStringLiteral("vertex"), QStringLiteral("google")},
        {QStringLiteral("gemini"), QStringLiteral("google")},
        {QStringLiteral("kimi"), QStringLiteral("moonshotai")},
    };
    if (const QString alias = aliases.value(n); !alias.isEmpty() && known(alias)) return alias;
    QString dashed = n;
    dashed.replace(QLatin1Char('_'), QLatin1Char('-'));
    if (known(dashed)) return dashed;
    // "fireworks-ai", "deepseek_ai", "mistral-ai": the company's name.
    if (dashed.endsWith(QLatin1String("-ai")) && known(dashed.chopped(3))) return dashed.chopped(3);
    for (const CatalogProvider &p : data_->providers)
        if (p.providerMatch && p.providerMatch->matchesFolded(n)) return p.id;
    return {};
}

QString PriceCatalog::providerIdForBaseUrl(const QString &baseUrl) const {
    const QString url = baseUrl.trimmed().toLower();
    if (url.isEmpty()) return {};
    for (const CatalogProvider &p : data_->providers)
        if (!p.apiPattern.pattern().isEmpty() && p.apiPattern.match(url).hasMatch()) return p.id;
    return {};
}

const PriceCatalog::Source &PriceCatalog::source() const {
    return data_->source;
}

const QList<CatalogProvider> &PriceCatalog::providers() const {
    return data_->providers;
}

const CatalogProvider *PriceCatalog::provider(const QString &id) const {
    const auto it = data_->index.constFind(id);
    return it == data_->index.cend() ? nullptr : &data_->providers.at(*it);
}

int PriceCatalog::modelCount() const {
    return data_->modelCount;
}

}  // namespace gatehouse
