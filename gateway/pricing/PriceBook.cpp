#include "PriceBook.h"

#include "Cost.h"
#include "ProviderMapping.h"
#include "config/GatewayConfig.h"
#include "config/ProviderKinds.h"
#include "trace/CostNote.h"
#include "trace/TokenCounts.h"

#include <QDateTime>
#include <atomic>
#include <QStringBuilder>

namespace gatehouse {

namespace {

// Bounds the memo if a client makes up model names.
constexpr int kMaxRemembered = 4096;

}  // namespace

namespace {

quint64 nextSerial() {
    static std::atomic<quint64> serial{0};
    return ++serial;
}

}  // namespace

PriceBook::PriceBook(PriceCatalog catalog) : catalog_(std::move(catalog)), serial_(nextSerial()) {}

PriceBook::Found PriceBook::find(const ProviderConfig &provider, const QString &model) const {
    // The last look-up this thread made, again: most answers name the
    // provider and model the previous one did. Matched by value and by the
    // book's serial (a new book may take a freed one's address), without
    // the key, its hash and the shared lock (~550 instructions a logged
    // request; callgrind).
    struct Last {
        quint64 book = 0;
        QString provider, baseUrl, model;
        Found found;
    };
    thread_local Last last;
    if (last.book == serial_ && last.model == model && last.provider == provider.name &&
        last.baseUrl == provider.network.baseUrl)
        return last.found;
    last.found = findShared(provider, model);
    last.book = serial_;
    last.provider = provider.name;
    last.baseUrl = provider.network.baseUrl;
    last.model = model;
    return last.found;
}

PriceBook::Found PriceBook::findShared(const ProviderConfig &provider, const QString &model) const {
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
