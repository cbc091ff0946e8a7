#include "PriceBook.h"

#include "Cost.h"
#include "ProviderMapping.h"
#include "config/GatewayConfig.h"
#include "config/ProviderKinds.h"
#include "trace/CostNote.h"
#include "trace/TokenCounts.h"

#include <QDateTime>
#include <QStringBuilder>

namespace gatehouse {

namespace {

// Bounds the memo if a client makes up model names.
constexpr int kMaxRemembered = 4096;

}  // namespace

PriceBook::PriceBook(PriceCatalog catalog) : catalog_(std::move(catalog)) {}

PriceBook::Found PriceBook::find(const ProviderConfig &provider, const QString &model) const {
    // Built by QStringBuilder in one allocation: with operator+ each piece
    // reallocated the key, ~1,300 instructions a logged request.
    const QString key =
        provider.name % QLatin1Char('\n') % provider.network.baseUrl % QLatin1Char('\n') % model;
    {
        QMutexLocker lock(&mutex_);
        const auto it = found_.constFind(key);
        if (it != found_.constEnd()) return *it;
    }
    Found f;
    const QString billedBy = catalogProviderFor(ProviderKinds::kindName(provider.kind),
                                                provider.name, provider.network.baseUrl, catalog_);
    f.lookup = catalog_.findNoting(billedBy, model, &f.why);
    QMutexLocker lock(&mutex_);
    if (found_.size() >= kMaxRemembered) found_.clear();
    found_.insert(key, f);
    return f;
}

std::optional<qint64> PriceBook::nanoUsd(const ProviderConfig &provider, const QString &model,
                                         const TokenCounts &counts, QString *note) const {
    if (counts.isEmpty()) {
        *note = CostNote::noUsage();
        return std::nullopt;
    }
    const Found f = find(provider, model);
    if (!f.lookup) {
        *note = f.why;
        return std::nullopt;
    }
    TokenUsage usage;
    usage.input = counts.prompt.value_or(0);
    usage.cacheRead = counts.cached.value_or(0);
    usage.cacheWrite = counts.cacheWrite.value_or(0);
    usage.output = counts.completion.value_or(0);
    usage.reasoning = counts.reasoning.value_or(0);
    const auto usd = costUsd(f.lookup->model.prices, usage, QDateTime::currentDateTimeUtc(), note);
    if (!usd) return std::nullopt;
    return qRound64(*usd * 1e9);
}

}  // namespace gatehouse
