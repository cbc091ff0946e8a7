#include "KeyLimiter.h"

#include "Durations.h"

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

QString usd(double amount) {
    return QStringLiteral("$") + QString::number(amount, 'f', amount < 1 ? 4 : 2);
}

}  // namespace

KeyLimiter::KeyLimiter(const VirtualKey &key, qint64 nowMs)
    : key_(key), budgetPeriodStart_(nowMs) {}

std::optional<PluginError> KeyLimiter::admit(qint64 nowMs) {
    QMutexLocker lock(&mutex_);
    resetBudgetIfDueLocked(nowMs);
    if (auto e = overBudgetLocked(nowMs)) return e;
    if (key_.tokensPerMinute > 0) {
        const qint64 used = tokens_.total(nowMs);
        if (used >= key_.tokensPerMinute)
            return tooMany(
                QStringLiteral("tokens_per_minute_exceeded"), QStringLiteral("rate_limit_error"),
                QStringLiteral("virtual key '%1' is over its limit of %2 tokens per minute "
                               "(%3 used in the last 60 s); try again in %4")
                    .arg(key_.name, QString::number(key_.tokensPerMinute), QString::number(used),
                         describeDuration(tokens_.msUntilBelow(nowMs, key_.tokensPerMinute))));
    }
    if (key_.requestsPerMinute > 0) {
        const qint64 used = requests_.total(nowMs);
        if (used >= key_.requestsPerMinute)
            return tooMany(
                QStringLiteral("requests_per_minute_exceeded"), QStringLiteral("rate_limit_error"),
                QStringLiteral("virtual key '%1' is over its limit of %2 requests per minute "
                               "(%3 in the last 60 s); try again in %4")
                    .arg(key_.name, QString::number(key_.requestsPerMinute), QString::number(used),
                         describeDuration(requests_.msUntilBelow(nowMs, key_.requestsPerMinute))));
        requests_.add(nowMs, 1);
    }
    return std::nullopt;
}

void KeyLimiter::record(qint64 nowMs, qint64 tokens) {
    if (tokens <= 0) return;
    QMutexLocker lock(&mutex_);
    resetBudgetIfDueLocked(nowMs);
    if (key_.tokensPerMinute > 0) tokens_.add(nowMs, tokens);
    budgetTokens_ += tokens;
}

std::optional<PluginError> KeyLimiter::overBudgetLocked(qint64 nowMs) const {
    if (!key_.budget) return std::nullopt;
    const Budget &b = *key_.budget;
    const QString resets =
        b.resetMs > 0 ? QStringLiteral("it resets in %1")
                            .arg(describeDuration(budgetPeriodStart_ + b.resetMs - nowMs))
                      : QStringLiteral(
                            "it does not reset (no budget.reset_duration): raise the budget in "
                            "the governance config");
    if (b.maxTokens && budgetTokens_ >= *b.maxTokens)
        return tooMany(QStringLiteral("budget_exceeded"), QStringLiteral("insufficient_quota"),
                       QStringLiteral("virtual key '%1' has used its budget of %2 tokens (%3 "
                                      "used); %4")
                           .arg(key_.name, QString::number(*b.maxTokens),
                                QString::number(budgetTokens_), resets));
    const double spent = budgetTokens_ / 1000.0 * b.pricePer1kTokens;
    if (b.maxUsd && spent >= *b.maxUsd)
        return tooMany(QStringLiteral("budget_exceeded"), QStringLiteral("insufficient_quota"),
                       QStringLiteral("virtual key '%1' has spent its budget of %2 (%3: %4 "
                                      "tokens at %5 per 1k); %6")
                           .arg(key_.name, usd(*b.maxUsd), usd(spent),
                                QString::number(budgetTokens_), usd(b.pricePer1kTokens), resets));
    return std::nullopt;
}

void KeyLimiter::resetBudgetIfDueLocked(qint64 nowMs) {
    if (!key_.budget || key_.budget->resetMs <= 0) return;
    const qint64 period = key_.budget->resetMs;
    if (nowMs < budgetPeriodStart_ + period) return;
    // Periods stay aligned to the start, however long nobody asked.
    budgetPeriodStart_ += (nowMs - budgetPeriodStart_) / period * period;
    budgetTokens_ = 0;
}

}  // namespace gatehouse::governance
