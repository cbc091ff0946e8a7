#pragma once

#include "ModelMatch.h"
#include "ModelPrices.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace gatehouse {

// A model the catalogue prices.
struct CatalogModel {
    QString id;  // the catalogue's id ("claude-sonnet-4-5"); for an override, its model
    ModelMatch match = ModelMatch::equals(QString());
    qint64 contextWindow = 0;  // in tokens; 0 when the catalogue does not say
    ModelPrices prices;
    int overrideIndex = -1;  // an override's place in the overrides list; -1 in the catalogue
};

// A provider of the catalogue: who bills for the models listed under it.
struct CatalogProvider {
    QString id;  // "openai", "anthropic", "google", "aws", "x-ai", ...
    QString name;
    // Base URLs of its API, anchored at the start ("https://api\.groq\.com").
    QRegularExpression apiPattern;
    // Names that mean this provider (Gatehouse matches provider names with it).
    std::optional<ModelMatch> providerMatch;
    // The models only this provider serves (not used for pricing; kept for
    // callers that guess a provider from a model name).
    std::optional<ModelMatch> modelMatch;
    // Providers whose models it also serves at their prices (Azure serves
    // OpenAI's, Vertex Anthropic's), tried in order when none of its own match.
    QStringList fallbackModelProviders;
    QList<CatalogModel> models;
};

// What find() priced a model with.
struct PriceLookup {
    QString providerId;   // whose entry: the one asked for, a fallback, or the vendor
    QString matchedName;  // the name that matched it (folded, dates as YYYY-MM-DD, after '/')
    CatalogModel model;
    bool fromOverride = false;
};

// The model price catalogue: genai-prices' data (resources/prices/catalog.json,
// compiled in; see docs/pricing.md), plus the user's overrides.
//
// Immutable once built and cheap to copy (the data is shared), so one
// instance serves every thread.
class PriceCatalog {
public:
    struct Source {
        QString package;  // "@pydantic/genai-prices"
        QString version;
        QString licence;
        QString generated;  // YYYY-MM-DD
    };

    PriceCatalog();  // empty: finds nothing

    // Reads catalog.json's format. A malformed catalogue is refused, with
    // the JSON path of what is wrong in *error: half a catalogue would price
    // some models and call the rest unknown.
    static std::optional<PriceCatalog> fromJson(const QByteArray &json, QString *error);

    // The catalogue compiled into the gateway, read on first use (once, from
    // any thread). Never fails in a build that passed its tests; if the
    // resource were unreadable it would be empty and log why.
    static const PriceCatalog &builtIn();

    // This catalogue with the user's overrides (replacing any it had). Each
    // is {"provider": "openai", "model": "gpt-4o" or a match object,
    // "input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok",
    // "output_reasoning_mtok", "requests_kcount", "context_window"}, at
    // least one price given; prices are numbers or {"base", "tiers"}. An
    // override beats the catalogue for the names it matches, at that
    // provider, at any date; it is complete (a price it leaves out is not
    // taken from the catalogue: a missing cache price means cached tokens
    // cost the input price). It may name a provider the catalogue lacks
    // ("mock", "local", "deepinfra"). The first override that matches wins.
    // A malformed one is refused with its path under `at`.
    std::optional<PriceCatalog> withOverrides(
        const QJsonArray &overrides, QString *error,
        const JsonPath &at = JsonPath().key(QStringLiteral("overrides"))) const;

    // The price entry for `model` as `catalogProviderId` bills it, or
    // nullopt and why not. Tried in order, the first match winning:
    //  1. the provider's overrides, then its catalogue models, then each of
    //     its fallback providers' (overrides, then models);
    //  2. the same with a date suffix written as the catalogue writes dates
    //     ("-20250929" as "-2025-09-29"), as genai-prices does;
    //  3. for "vendor/model" (OpenRouter style), 1-2 with the part after the
    //     last '/', then at the vendor's provider if the vendor names one
    //     ("anthropic/claude-sonnet-4-5" is priced as Anthropic's).
    // Model names are compared lowercased (see ModelMatch).
    std::optional<PriceLookup> find(const QString &catalogProviderId, const QString &model,
                                    QString *why = nullptr) const;
    // The same, with why not as a log row keeps it (trace/CostNote.h).
    std::optional<PriceLookup> findNoting(const QString &catalogProviderId, const QString &model,
                                          QString *note) const;

    // The catalogue provider a provider name means: its id, an alias
    // ("xai", "bedrock", "vertex", "gemini", "*azure*", "fireworks-ai"), or a
    // provider's provider_match ("together_ai", "moonshot"); empty if none.
    QString providerIdForName(const QString &name) const;
    // The catalogue provider whose API a base URL is, by api_pattern; empty if none.
    QString providerIdForBaseUrl(const QString &baseUrl) const;

    const Source &source() const;
    const QList<CatalogProvider> &providers() const;
    const CatalogProvider *provider(const QString &id) const;
    int modelCount() const;

    struct Data;
    struct Override {
        QString providerId;
        CatalogModel model;
    };

private:
    std::optional<CatalogModel> findAt(const QString &providerId, const QString &folded,
                                       QString *pricedBy, bool *fromOverride) const;
    std::optional<CatalogModel> findAtOne(const QString &providerId, const QString &folded,
                                          bool *fromOverride) const;

    std::shared_ptr<const Data> data_;
    std::shared_ptr<const QList<Override>> overrides_;
};

}  // namespace gatehouse
