#pragma once

#include "PriceCatalog.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <optional>

namespace gatehouse {

struct ProviderConfig;
struct TokenCounts;

// Prices the answers of one running gateway: the catalogue with the
// config's overrides, and what it found for each provider and model, kept
// (matching a model name against a provider's models runs its patterns; a
// gateway asks about a handful of models, again and again). Any thread.
class PriceBook {
public:
    explicit PriceBook(PriceCatalog catalog);

    // What an answer cost in USD billionths; nullopt with `note` saying why
    // (no usage, a model without a price, the mock provider), as a log row
    // keeps it (trace/CostNote.h).
    std::optional<qint64> nanoUsd(const ProviderConfig &provider, const QString &model,
                                  const TokenCounts &counts, QString *note) const;

    // The catalogue with the overrides it prices with.
    const PriceCatalog &catalog() const { return catalog_; }

private:
    struct Found {
        std::optional<PriceLookup> lookup;
        QString why;  // a CostNote
    };
    Found find(const ProviderConfig &provider, const QString &model) const;
    Found findShared(const ProviderConfig &provider, const QString &model) const;

    PriceCatalog catalog_;
    const quint64 serial_;  // which book a thread's last look-up was made in
    mutable QMutex mutex_;
    mutable QHash<QString, Found> found_;  // "provider\nbase url\nmodel"
};

}  // namespace gatehouse
