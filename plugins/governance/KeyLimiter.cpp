#include "KeyLimiter.h"

#include "Durations.h"

#include <QtDebug>
#include <cmath>

namespace gatehouse::governance {

namespace {

PluginError tooMany(const QString &code, const QString &type, const QString &message) {
    PluginError e;
    e.status = 429;
    e.type = type;
    e.code = code;
    e.message = message;
    // Fallbacks run under the same key, so they would be refused the same.
    e.allowFallbacks = false;
    return e;
}

// Cents for dollars, and enough digits for the tiny budgets tests and
// trials use ("$0.00000100", not "$0.0000").
QString usd(double amount) {
    const int decimals = amount >= 1 ? 2 : amount >= 0.0001 ? 4 : 8;
    return QStringLiteral("$") + QString::number(amount, 'f', decimals);
}

// "vk-" and the first 16 hex digits of the key's SHA-256 (the key's id in
// /api/governance/virtual-keys): never the key, the counters are stored.
QString counterPrefix(const QString &hash) {
    return QStringLiteral("vk-") + hash.left(16) + QLatin1Char('/');
}

constexpr double kNanoPerUsd = 1e9;

}  // namespace

qint64 tokensOf(const QJsonObject &usage) {
    const qint64 total = usage.value(QLatin1String("total_tokens")).toInteger();
    if (total > 0) return total;
    return usage.value(QLatin1String("prompt_tokens")).toInteger() +
           usage.value(QLatin1String("completion_tokens")).toInteger();
}

KeyLimiter::KeyLimiter(const VirtualKey &key, SharedCounters &counters,
                       const PricingService *pricing)
    : key_(key),
      counters_(counters),
      pricing_(pricing),
      requests_(counterPrefix(key.hash) + QStringLiteral("requests")),
      tokens_(counterPrefix(key.hash) + QStringLiteral("tokens")),
      budgetTokens_(counterPrefix(key.hash) + QStringLiteral("budget-tokens")),
      budgetUsd_(counterPrefix(key.hash) + QStringLiteral("budget-nano-usd")) {}

std::optional<PluginError> KeyLimiter::admit(qint64 nowMs) {
    if (auto e = overBudget(nowMs)) return e;
    SharedCounters::State s;
    if (key_.tokensPerMinute > 0 && !counters_.take(tokens_, minute_, key_.tokensPerMinute, 0, &s))
        return tooMany(
            QStringLiteral("tokens_per_minute_exceeded"), QStringLiteral("rate_limit_error"),
            QStringLiteral("virtual key '%1' is over its limit of %2 tokens per minute (%3 used "
                           "this minute); try again in %4")
                .arg(key_.name, QString::number(key_.tokensPerMinute), QString::number(s.used),
                     describeDuration(s.window.endMs - nowMs)));
    if (key_.requestsPerMinute > 0 &&
        !counters_.take(requests_, minute_, key_.requestsPerMinute, 1, &s))
        return tooMany(
            QStringLiteral("requests_per_minute_exceeded"), QStringLiteral("rate_limit_error"),
            QStringLiteral("virtual key '%1' is over its limit of %2 requests per minute (%3 "
                           "this minute); try again in %4")
                .arg(key_.name, QString::number(key_.requestsPerMinute), QString::number(s.used),
                     describeDuration(s.window.endMs - nowMs)));
    return std::nullopt;
}

std::optional<PluginError> KeyLimiter::overBudget(qint64 nowMs) {
    if (!key_.budget) return std::nullopt;
    const Budget &b = *key_.budget;
    const bool resets = b.period.unit != CounterPeriod::Unit::Forever;
    const QString per = resets ? QLatin1Char(' ') + describePeriod(b.period) : QString();
    auto when = [&](const SharedCounters::State &s) {
        return resets
                   ? QStringLiteral("it resets in %1").arg(describeDuration(s.window.endMs - nowMs))
                   : QStringLiteral(
                         "it does not reset (no budget.reset_duration): raise the budget in "
                         "the governance config");
    };
    SharedCounters::State s;
    if (b.maxTokens && !counters_.take(budgetTokens_, b.period, *b.maxTokens, 0, &s))
        return tooMany(QStringLiteral("budget_exceeded"), QStringLiteral("insufficient_quota"),
                       QStringLiteral("virtual key '%1' has used its budget of %2 tokens%3 (%4 "
                                      "used); %5")
                           .arg(key_.name, QString::number(*b.maxTokens), per,
                                QString::number(s.used), when(s)));
    if (b.maxUsd && !counters_.take(budgetUsd_, b.period,
                                    qint64(std::llround(*b.maxUsd * kNanoPerUsd)), 0, &s)) {
        const QString how =
            b.pricePer1kTokens ? QStringLiteral("at %1 per 1k tokens").arg(usd(*b.pricePer1kTokens))
                               : QStringLiteral("at the models' prices");
        return tooMany(
            QStringLiteral("budget_exceeded"), QStringLiteral("insufficient_quota"),
            QStringLiteral("virtual key '%1' has spent its budget of %2%3 (%4 spent %5); "
                           "%6")
                .arg(key_.name, usd(*b.maxUsd), per, usd(s.used / kNanoPerUsd), how, when(s)));
    }
    return std::nullopt;
}

void KeyLimiter::record(const QString &provider, const QString &model, const QJsonObject &usage) {
    const qint64 tokens = tokensOf(usage);
    if (tokens <= 0) return;
    if (key_.tokensPerMinute > 0) counters_.add(tokens_, minute_, key_.tokensPerMinute, tokens);
    if (!key_.budget) return;
    const Budget &b = *key_.budget;
    if (b.maxTokens) counters_.add(budgetTokens_, b.period, *b.maxTokens, tokens);
    if (b.maxUsd)
        counters_.add(budgetUsd_, b.period, qint64(std::llround(*b.maxUsd * kNanoPerUsd)),
                      costNanoUsd(provider, model, usage, tokens));
}

qint64 KeyLimiter::costNanoUsd(const QString &provider, const QString &model,
                               const QJsonObject &usage, qint64 tokens) {
    const Budget &b = *key_.budget;
    if (b.pricePer1kTokens)
        return qint64(std::llround(double(tokens) / 1000.0 * *b.pricePer1kTokens * kNanoPerUsd));
    QString why = QStringLiteral("this Gatehouse offers no prices to plugins");
    if (pricing_)
        if (const auto nano = pricing_->costNanoUsd(provider, model, usage, &why)) return *nano;
    // An unknown price counts nothing: say so once per model, so the owner
    // can add a "pricing" override or a price_per_1k_tokens.
    QMutexLocker lock(&warnedMutex_);
    const QString target = provider + QLatin1Char('/') + model;
    if (!warnedUnpriced_.contains(target)) {
        warnedUnpriced_.insert(target);
        qWarning().noquote() << QStringLiteral(
                                    "virtual key '%1': answers of %2 do not count against its USD "
                                    "budget: %3")
                                    .arg(key_.name, target, why);
    }
    return 0;
}

}  // namespace gatehouse::governance
